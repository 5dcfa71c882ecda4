"""The portal page at `/` and its scripts and styles, readable from the origins CORS allows."""

from flask import Blueprint, Response, current_app, render_template, request

from services_api.config import cors_origins

bp = Blueprint(
    "portal",
    __name__,
    template_folder="templates",
    # The app's own /static rule takes any path: the longer, more specific prefix wins.
    static_folder="static/portal",
    static_url_path="/static/portal",
)


@bp.get("/")
def index() -> str:
    """The search page; every URL in it is relative to the service's root."""
    return render_template("portal/index.html")


@bp.after_request
def _allow_embedding_origins(response: Response) -> Response:
    """Module scripts loaded by another site's page are fetched with CORS: allow its origin."""
    if request.endpoint != "portal.static":
        return response
    origin = request.headers.get("Origin")
    allowed = cors_origins(current_app.config["CORS_ORIGINS"])
    if allowed == "*":
        response.headers["Access-Control-Allow-Origin"] = "*"
    elif origin and origin in allowed:
        response.headers["Access-Control-Allow-Origin"] = origin
        response.vary.add("Origin")
    return response
