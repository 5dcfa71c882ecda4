"""Fixtures for the search library: the real-procedure corpus and every backend.

`search_backend` is parametrised over the backends and holds corpus.jsonl (50 real procedures,
see make_corpus.py); tests must not change it. `empty_backend` is a fresh, empty backend per test.
Elasticsearch tests use the server at ELASTICSEARCH_URL, or start the ES-8-compatible test
server of the `noida-db` package on a free port; when neither works they are skipped, or fail
when REQUIRE_ELASTICSEARCH=1.
"""

import json
import os
import uuid
from collections.abc import Iterator
from pathlib import Path

import pytest

import search
from tests.conftest import skip_unless_required
from tests.elasticsearch_server import ElasticsearchServer, ServerUnavailable, answers

CORPUS = Path(__file__).with_name("corpus.jsonl")
BACKENDS = ["tantivy", pytest.param("elasticsearch", marks=pytest.mark.elasticsearch)]


@pytest.fixture(scope="session")
def corpus() -> list[dict]:
    return [json.loads(line) for line in CORPUS.read_text("utf-8").splitlines() if line]


def _unavailable(reason: str) -> None:
    skip_unless_required("REQUIRE_ELASTICSEARCH", reason)


@pytest.fixture(scope="session")
def elasticsearch_url(tmp_path_factory) -> Iterator[str]:
    """ELASTICSEARCH_URL, or a noida-db server started for the session and stopped after it."""
    if url := os.environ.get("ELASTICSEARCH_URL"):
        if not answers(url):
            _unavailable(f"no Elasticsearch answers at ELASTICSEARCH_URL={url}")
        yield url
        return
    try:
        server = ElasticsearchServer(tmp_path_factory.mktemp("noida-db"))
        url = server.start()
    except ServerUnavailable as error:
        _unavailable(str(error))
    try:
        yield url
    finally:
        server.stop()


def make_backend(name: str, request, tmp_path_factory) -> search.SearchBackend:
    if name == "tantivy":
        return search.create_backend("tantivy", index_dir=tmp_path_factory.mktemp("tantivy"))
    url = request.getfixturevalue("elasticsearch_url")
    index_name = f"test-procedures-{uuid.uuid4().hex[:10]}"
    return search.create_backend("elasticsearch", url=url, index_name=index_name, timeout=30)


def drop(backend: search.SearchBackend) -> None:
    if backend.name == "elasticsearch" and backend.client.indices.exists_alias(name=backend.alias):
        for index in backend.client.indices.get_alias(name=backend.alias):
            backend.client.indices.delete(index=index)
    backend.close()


@pytest.fixture(scope="session", params=BACKENDS)
def search_backend(request, tmp_path_factory, corpus) -> Iterator[search.SearchBackend]:
    """A backend holding the corpus, shared by the read-only contract tests."""
    backend = make_backend(request.param, request, tmp_path_factory)
    backend.rebuild(corpus)
    yield backend
    drop(backend)


@pytest.fixture(params=BACKENDS)
def empty_backend(request, tmp_path_factory) -> Iterator[search.SearchBackend]:
    backend = make_backend(request.param, request, tmp_path_factory)
    yield backend
    drop(backend)
