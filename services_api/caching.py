"""HTTP caching for public reads: Cache-Control on successful GETs, no-store on everything else."""

from flask import Flask, Response, current_app, request


def _cache_headers(response: Response) -> Response:
    if "Cache-Control" in response.headers:
        return response
    public_read = request.method in ("GET", "HEAD") and response.status_code in (200, 304)
    if public_read and request.headers.get("Authorization") is None:
        max_age = current_app.config["PUBLIC_CACHE_SECONDS"]
        response.headers["Cache-Control"] = f"public, max-age={max_age}"
    else:
        response.headers["Cache-Control"] = "no-store"
    return response


def init_app(app: Flask) -> None:
    app.after_request(_cache_headers)
