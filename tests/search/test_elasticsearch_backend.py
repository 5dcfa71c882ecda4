"""What only the Elasticsearch backend promises: the alias swap, schema pinning, timeouts."""

import socket
import time
import uuid

import pytest

from search import InvalidQuery, SearchQuery, SearchUnavailable, create_backend
from search import es_queries as eq
from tests.slow_proxy import SlowProxy


def _aliased(backend) -> list[str]:
    return sorted(backend.client.indices.get_alias(name=backend.alias))


@pytest.fixture
def es_backend(elasticsearch_url):
    backend = create_backend(
        "elasticsearch",
        url=elasticsearch_url,
        index_name=f"test-es-{uuid.uuid4().hex[:10]}",
        timeout=30,
    )
    yield backend
    for index in backend.client.indices.get(index=f"{backend.alias}-*"):
        backend.client.indices.delete(index=index)
    backend.close()


@pytest.mark.elasticsearch
def test_rebuild_swaps_the_alias_and_drops_the_old_index(es_backend, corpus):
    es_backend.rebuild(corpus[:5])
    (before,) = _aliased(es_backend)
    es_backend.rebuild(corpus[5:8])
    (after,) = _aliased(es_backend)
    assert after != before
    assert not es_backend.client.indices.exists(index=before)
    assert es_backend.count() == 3


@pytest.mark.elasticsearch
def test_index_of_another_schema_version_is_reindexed(es_backend, corpus):
    old = f"{es_backend.alias}-{time.time_ns()}"
    mappings = eq.mappings() | {"_meta": {"schema_version": eq.SCHEMA_VERSION - 1}}
    client = es_backend.client
    client.indices.create(index=old, settings=eq.index_settings(), mappings=mappings)
    for doc in corpus[:4]:
        client.index(index=old, id=doc["code"], document=eq.to_source(doc), refresh=True)
    client.indices.update_aliases(actions=[{"add": {"index": old, "alias": es_backend.alias}}])
    assert es_backend.count() == 4
    (current,) = _aliased(es_backend)
    assert current != old
    mapping = client.indices.get_mapping(index=current)[current]["mappings"]
    assert mapping["_meta"]["schema_version"] == eq.SCHEMA_VERSION
    assert es_backend.search(SearchQuery(text=corpus[2]["name"])).hits[0].code == corpus[2]["code"]


def test_unreachable_server_is_unavailable_quickly():
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    backend = create_backend(
        "elasticsearch", url=f"http://127.0.0.1:{port}", timeout=0.5, max_retries=0
    )
    started = time.monotonic()
    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(text="khai sinh"))
    with pytest.raises(SearchUnavailable):
        backend.index([{"code": "1", "name": "x"}])
    assert backend.health() is False
    assert time.monotonic() - started < 5
    backend.close()


@pytest.mark.elasticsearch
def test_lost_index_is_unavailable_then_recreated(es_backend, corpus):
    es_backend.rebuild(corpus[:3])
    for index in _aliased(es_backend):
        es_backend.client.indices.delete(index=index)
    with pytest.raises(SearchUnavailable):
        es_backend.search(SearchQuery(text="khai sinh"))
    assert es_backend.count() == 0  # a new empty index: the application rebuilds it


@pytest.mark.elasticsearch
@pytest.mark.slow
def test_an_alias_swap_answered_past_the_search_timeout_keeps_the_new_index(es_backend, corpus):
    """The server swaps the alias at once but answers 2.5 s later, past the 1 s search timeout
    (and, the second time, past the management timeout too)."""
    es_backend.rebuild(corpus[:5])
    upstream = es_backend.client.transport.node_pool.all()[0].base_url
    with SlowProxy(upstream, delay=2.5, patterns=["POST /_aliases"]) as proxy:
        for management_timeout, docs in ((30, corpus[5:9]), (1, corpus[9:12])):
            (before,) = _aliased(es_backend)
            slow = create_backend(
                "elasticsearch",
                url=proxy.url,
                index_name=es_backend.alias,
                timeout=1,
                management_timeout=management_timeout,
            )
            assert slow.rebuild(docs) == len(docs)
            slow.close()
            (after,) = _aliased(es_backend)
            assert after != before and not es_backend.client.indices.exists(index=before)
            assert es_backend.count() == len(docs)
        assert proxy.delayed == ["POST /_aliases"] * 2  # never sent twice


@pytest.mark.elasticsearch
def test_paging_past_the_result_window_is_refused_before_the_server(es_backend, corpus):
    es_backend.rebuild(corpus[:3])
    with pytest.raises(InvalidQuery):
        es_backend.search(SearchQuery(text="", page=10_001, page_size=1))
    last = es_backend.search(SearchQuery(text="", page=100, page_size=100))
    assert last.total == 3 and last.hits == []
