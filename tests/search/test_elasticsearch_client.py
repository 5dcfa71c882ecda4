"""The Elasticsearch backend's index management and bulk writes against a scripted cluster:
timeouts, late answers, retries and item errors that a real server rarely shows on demand."""

import base64

import pytest
from elastic_transport import ConnectionTimeout

from search import InvalidQuery, SearchError, SearchQuery, SearchUnavailable
from tests.search.fake_elasticsearch import FakeCluster, Fault, rejected_bulk

MANAGEMENT = ("PUT /procedures-*", "POST /_aliases", "POST /procedures-*/_refresh")
DOCS = [{"code": f"1.00{n}", "name": f"Thủ tục số {n}"} for n in range(3)]


@pytest.fixture
def cluster() -> FakeCluster:
    return FakeCluster()


def _timeout() -> ConnectionTimeout:
    return ConnectionTimeout("read timed out")


def _rebuilt(cluster: FakeCluster, **options):
    backend = cluster.backend(timeout=2, bulk_backoff=0.01, **options)
    backend.rebuild(DOCS)
    (index,) = cluster.aliases["procedures"]
    return backend, index


def test_management_calls_use_their_own_timeout_and_are_not_retried(cluster):
    backend, old = _rebuilt(cluster, management_timeout=45)
    cluster.faults.append(Fault("POST /_aliases", error=_timeout(), apply=True))
    backend.rebuild(DOCS[:2])  # the swap happened, its answer came too late
    (new,) = cluster.aliases["procedures"]
    assert new != old and new in cluster.indices and old not in cluster.indices
    assert len(cluster.indices[new]) == 2
    assert len(cluster.calls("POST", "/_aliases")) == 2  # one per rebuild: never sent again
    for pattern in MANAGEMENT:
        method, path = pattern.split(" ")
        assert {r.timeout for r in cluster.calls(method, path)} == {45}


def test_a_swap_that_did_not_happen_deletes_only_the_new_index(cluster):
    backend, old = _rebuilt(cluster)
    cluster.faults.append(Fault("POST /_aliases", error=_timeout()))
    with pytest.raises(SearchUnavailable):
        backend.rebuild(DOCS[:1])
    assert cluster.aliases["procedures"] == {old}
    assert list(cluster.indices) == [old] and len(cluster.indices[old]) == 3


def test_a_create_that_timed_out_is_asked_again_without_an_orphan(cluster):
    cluster.faults.append(Fault("PUT /procedures-*", error=_timeout(), apply=True))
    backend, index = _rebuilt(cluster)
    assert list(cluster.indices) == [index]
    assert backend.count() == 3


def test_a_create_that_keeps_timing_out_leaves_no_index(cluster):
    cluster.faults.append(Fault("PUT /procedures-*", error=_timeout(), apply=True, times=2))
    backend = cluster.backend(timeout=2)
    with pytest.raises(SearchUnavailable):
        backend.rebuild(DOCS)
    assert cluster.indices == {}


def test_writes_through_a_missing_alias_never_create_an_index_named_like_it(cluster):
    backend, index = _rebuilt(cluster)
    cluster.aliases["procedures"].clear()  # someone removed the alias
    with pytest.raises(SearchUnavailable):
        backend.index([{"code": "2.000", "name": "Thủ tục mới"}])
    assert "procedures" not in cluster.indices
    backend.index([{"code": "2.000", "name": "Thủ tục mới"}])  # the alias is made again
    (current,) = cluster.aliases["procedures"]
    assert current != "procedures" and "2.000" in cluster.indices[current]
    writes = cluster.calls("*", "/_bulk")[1:]  # after the rebuild's, into its concrete index
    assert writes and all(r.query.get("require_alias") == "true" for r in writes)


def test_bulk_items_rejected_with_429_are_retried_with_backoff(cluster):
    backend, index = _rebuilt(cluster)
    docs = [{"code": f"3.00{n}", "name": f"Thủ tục khác {n}"} for n in range(4)]
    cluster.faults.append(Fault("* /_bulk", answer=rejected_bulk(4, 429, "es_rejected")))
    backend.index(docs)
    assert {d["code"] for d in docs} <= set(cluster.indices[index])
    assert len(cluster.calls("*", "/_bulk")) == 1 + 2  # the rebuild's, then one retry


def test_bulk_items_rejected_with_429_every_time_are_unavailable(cluster):
    backend, _index = _rebuilt(cluster, bulk_retries=2)
    rejected = rejected_bulk(1, 429, "es_rejected")
    cluster.faults.append(Fault("* /_bulk", answer=rejected, times=3))
    with pytest.raises(SearchUnavailable):
        backend.index(DOCS[:1])
    assert len(cluster.calls("*", "/_bulk")) == 1 + 3  # the rebuild's, then 1 + 2 retries


def test_deletes_ignore_missing_documents_only(cluster):
    backend, index = _rebuilt(cluster)
    backend.delete(["1.000", "9.999"])  # 9.999 was never indexed
    assert set(cluster.indices[index]) == {"1.001", "1.002"}
    refused = rejected_bulk(1, 400, "illegal_argument_exception")
    refused[1]["items"] = [{"delete": refused[1]["items"][0]["index"]}]
    cluster.faults.append(Fault("* /_bulk", answer=refused))
    with pytest.raises(SearchError):
        backend.delete(["1.001"])


def test_paging_past_the_result_window_is_an_invalid_query():
    with pytest.raises(InvalidQuery):
        SearchQuery(text="khai sinh", page=201, page_size=50)
    assert SearchQuery(text="khai sinh", page=200, page_size=50).offset == 9_950


def test_api_key_or_basic_auth_reach_every_request(cluster):
    backend = cluster.backend(api_key="c2VjcmV0", timeout=2)
    backend.rebuild(DOCS)
    assert {r.headers.get("authorization") for r in cluster.requests} == {"ApiKey c2VjcmV0"}
    other = FakeCluster()
    other.backend(basic_auth=("elastic", "secret"), timeout=2).rebuild(DOCS)
    expected = "Basic " + base64.b64encode(b"elastic:secret").decode()
    assert {r.headers.get("authorization") for r in other.requests} == {expected}
