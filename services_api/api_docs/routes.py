"""`/api/v1/docs`: Swagger UI over the committed spec, with its script and styles served here."""

from flask import Blueprint, current_app, render_template, url_for

bp = Blueprint(
    "api_docs",
    __name__,
    template_folder="templates",
    static_folder="static",
    static_url_path="/docs/static",
)


@bp.get("/docs")
def swagger_ui() -> str:
    """The docs page; every script and style in it comes from this blueprint's static files."""
    return render_template(
        "api_docs/swagger_ui.html",
        title=current_app.config["API_TITLE"],
        spec_url=url_for("api-docs.openapi_json"),
    )
