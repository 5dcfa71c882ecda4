"""Every resource blueprint, registered in one ordered list."""

from flask import Flask
from flask_smorest import Api

from services_api.agencies.routes import blp as agencies
from services_api.api_docs.routes import bp as api_docs
from services_api.changes.routes import blp as changes
from services_api.exports.routes import blp as exports
from services_api.fields.routes import blp as fields
from services_api.health.routes import blp as health
from services_api.imports.routes import blp as imports
from services_api.keys.auth import document_security
from services_api.life_events.routes import blp as life_events
from services_api.maturity.routes import blp as maturity
from services_api.procedures.routes import blp as procedures
from services_api.publishing.routes import blp as publishing
from services_api.search_rules.routes import blp as search_rules
from services_api.searching.routes import blp as search
from services_api.stats.routes import blp as stats
from services_api.webhooks.routes import blp as webhooks

BLUEPRINTS = [
    procedures,
    publishing,
    maturity,
    search,
    life_events,
    search_rules,
    agencies,
    fields,
    stats,
    imports,
    exports,
    changes,
    webhooks,
    health,
]


def register_resources(app: Flask, api: Api) -> None:
    document_security(api)
    for blueprint in BLUEPRINTS:
        api.register_blueprint(blueprint)
    app.register_blueprint(api_docs, url_prefix=app.config["OPENAPI_URL_PREFIX"])  # not in the spec
