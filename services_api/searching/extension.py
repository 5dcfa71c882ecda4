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
            timeout=float(config["SEARCH_TIMEOUT_SECONDS"]),
            management_timeout=float(config["ELASTICSEARCH_MANAGEMENT_TIMEOUT_SECONDS"]),
            **elasticsearch_credentials(config),
        )
    return search.create_backend("tantivy", index_dir=config["SEARCH_INDEX_DIR"])


def elasticsearch_credentials(config) -> dict:
    """The client's options for a secured cluster: CA certificate, then an API key or a user."""
    options = {}
    if config.get("ELASTICSEARCH_CA_CERTS"):
        options["ca_certs"] = str(config["ELASTICSEARCH_CA_CERTS"])
    if config.get("ELASTICSEARCH_API_KEY"):
        options["api_key"] = str(config["ELASTICSEARCH_API_KEY"])
    elif config.get("ELASTICSEARCH_USERNAME"):
        password = str(config.get("ELASTICSEARCH_PASSWORD") or "")
        options["basic_auth"] = (str(config["ELASTICSEARCH_USERNAME"]), password)
    return options
