"""What operators see of the running service: a request id on every request and log record,
plain or JSON logs, Prometheus metrics (``/metrics`` is served by ``operations.routes``) and
per-client rate limits.

``init_app`` runs before the answer store's hooks are registered: the request id and the start
time are taken before anything else, and the finished request (its status, even a 304 or an
answer sent from the store) is logged and counted last.
"""

from flask import Flask, current_app, request

from services_api.operations import limits, logs, metrics, request_ids


def init_app(app: Flask) -> None:
    logs.configure(app)
    app.before_request(request_ids.take)
    app.after_request(_finish)  # registered first, so it runs after every other hook
    app.after_request(request_ids.send)
    limits.init_app(app)  # before the answer store's hook: a stored answer counts too


def _finish(response):
    seconds = request_ids.elapsed()
    if seconds is None:  # a hook registered before ours answered: nothing to time
        return response
    if current_app.config["METRICS_ENABLED"]:
        metrics.observe(request, response, seconds)
    if current_app.config["LOG_REQUESTS"]:
        logs.request_finished(request, response.status_code, seconds)
    return response
