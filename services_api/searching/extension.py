"""The search backend chosen by configuration, created lazily in each worker process, with the
schedule on which searches catch the index up and the rebuild that repairs a damaged index."""

import os
import time
from dataclasses import dataclass, field

from flask import Flask, current_app

import search
from services_api.searching.repair import IndexRepair

DRAIN_INTERVAL_SECONDS = 30.0


class DrainSchedule:
    """Whether a search should apply the outbox now: at most once per ``interval`` seconds."""

    def __init__(self, interval: float = DRAIN_INTERVAL_SECONDS, clock=time.monotonic) -> None:
        self.interval = interval
        self.clock = clock
        self.last: float | None = None

    def due(self) -> bool:
        now = self.clock()
        if self.last is not None and now - self.last < self.interval:
            return False
        self.last = now
        return True


@dataclass
class _Engine:
    backend: search.SearchBackend
    drains: DrainSchedule = field(default_factory=DrainSchedule)
    repairs: IndexRepair = field(default_factory=IndexRepair)


class SearchIndex:
    """Holds one backend (its drain schedule, its repair) per process and app: created on
    first use, so that forked workers never share a connection or an index reader."""

    def __init__(self) -> None:
        self._engines: dict[tuple[int, int], _Engine] = {}

    def init_app(self, app: Flask) -> None:
        app.extensions["search_index"] = self

    @property
    def backend(self) -> search.SearchBackend:
        return self._engine().backend

    @property
    def drains(self) -> DrainSchedule:
        return self._engine().drains

    @property
    def repairs(self) -> IndexRepair:
        return self._engine().repairs

    def _engine(self) -> _Engine:
        key = (os.getpid(), id(current_app._get_current_object()))
        if key not in self._engines:
            self._engines[key] = _Engine(_create_backend(current_app.config))
        return self._engines[key]

    def close(self) -> None:
        for engine in self._engines.values():
            engine.repairs.wait()
            engine.backend.close()
        self._engines.clear()


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


search_index = SearchIndex()
