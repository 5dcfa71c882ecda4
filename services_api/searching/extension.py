"""The search backend chosen by configuration, created lazily in each worker process."""

import os

from flask import Flask, current_app

import search


class SearchIndex:
    """Holds one backend per process: created on first use, so that forked workers never share
    a connection or an index reader."""

    def __init__(self) -> None:
        self._backends: dict[tuple[int, int], search.SearchBackend] = {}

    def init_app(self, app: Flask) -> None:
        app.extensions["search_index"] = self

    @property
    def backend(self) -> search.SearchBackend:
        key = (os.getpid(), id(current_app._get_current_object()))
        if key not in self._backends:
            self._backends[key] = _create_backend(current_app.config)
        return self._backends[key]

    def close(self) -> None:
        for backend in self._backends.values():
            backend.close()
        self._backends.clear()


def _create_backend(config) -> search.SearchBackend:
    if config["SEARCH_BACKEND"] == "elasticsearch":
        return search.create_backend(
            "elasticsearch",
            url=config["ELASTICSEARCH_URL"],
            index_name=config["ELASTICSEARCH_INDEX"],
            timeout=config["SEARCH_TIMEOUT_SECONDS"],
        )
    return search.create_backend("tantivy", index_dir=config["SEARCH_INDEX_DIR"])
