"""Services API: the province's catalogue of administrative procedures, as a REST API."""

import os
from pathlib import Path

from flask import Flask

from services_api import caching, http_limits, operations, security_headers
from services_api.catalogue import counts  # noqa: F401  the session keeps the counts per group
from services_api.config import Config
from services_api.errors import register_error_handlers
from services_api.extensions import api, db
from services_api.searching.extension import search_index


def create_app(config: dict | None = None) -> Flask:
    """Build the application: defaults, then SERVICES_API_* variables, then ``config``."""
    app = Flask(__name__, instance_path=(config or {}).get("INSTANCE_PATH"))
    app.config.from_object(Config)
    app.config.from_prefixed_env("SERVICES_API")
    app.config.update(config or {})
    _resolve_instance_paths(app)
    operations.init_app(app)  # first: its hooks see every request, answers from the store too

    db.init_app(app)
    api.init_app(app)
    security_headers.init_app(app)
    search_index.init_app(app)
    http_limits.init_app(app)  # before the answer store: nothing too long is looked up
    caching.init_app(app)
    register_error_handlers(app)

    from services_api.commands import register_commands
    from services_api.resources import register_resources

    register_resources(app, api)
    from services_api.portal.routes import bp as portal

    app.register_blueprint(portal)
    if app.config["METRICS_ENABLED"]:
        from services_api.operations.routes import bp as operations_routes

        app.register_blueprint(operations_routes)
    register_commands(app)
    from services_api import background

    background.init_app(app)

    if app.config["AUTO_SEED"]:
        from services_api.bootstrap import bootstrap

        bootstrap(app)
    return app


def _resolve_instance_paths(app: Flask) -> None:
    instance = Path(app.instance_path)
    instance.mkdir(parents=True, exist_ok=True)
    if not app.config["DATABASE_URL"]:
        app.config["DATABASE_URL"] = f"sqlite:///{instance / 'services.sqlite3'}"
    if not app.config["SEARCH_INDEX_DIR"]:
        app.config["SEARCH_INDEX_DIR"] = os.fspath(instance / "search-index")
