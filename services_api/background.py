"""Webhook deliveries in the background of the service: a daemon thread in each worker process,
started by the worker's first request (so a forked worker starts its own, and CLI commands none),
woken by the changes this process commits and, for those of other processes, every
WEBHOOKS_POLL_SECONDS. Deliverers never send one change twice at once (``webhooks.delivery``)."""

import logging
import os
import threading

from flask import Flask

from services_api.changes.recorder import CHANGES_COMMITTED
from services_api.services import webhook_deliverer

log = logging.getLogger(__name__)


class BackgroundDelivery:
    def __init__(self, app: Flask) -> None:
        self.app = app
        self.stopping = threading.Event()
        self._started_in: int | None = None
        self._lock = threading.Lock()

    def ensure_started(self) -> None:
        if self._started_in == os.getpid():
            return
        with self._lock:
            if self._started_in != os.getpid():
                self._started_in = os.getpid()
                thread = threading.Thread(target=self._run, name="webhook-delivery", daemon=True)
                thread.start()

    def stop(self) -> None:
        self.stopping.set()
        CHANGES_COMMITTED.set()

    def _run(self) -> None:
        interval = self.app.config["WEBHOOKS_POLL_SECONDS"]
        while not self.stopping.is_set():
            self.deliver_once()
            CHANGES_COMMITTED.wait(interval)
            CHANGES_COMMITTED.clear()

    def deliver_once(self) -> None:
        try:
            with self.app.app_context():
                webhook_deliverer().run_once()
        except Exception:  # noqa: BLE001 - the thread outlives a failing pass and tries again
            log.exception("webhook delivery pass failed")


def init_app(app: Flask) -> None:
    if app.config["WEBHOOKS_BACKGROUND"]:
        background = BackgroundDelivery(app)
        app.extensions["webhook_delivery"] = background
        app.before_request(background.ensure_started)
