"""Search endpoints: full-text search with facets, and as-you-type suggestions."""

from flask.views import MethodView
from flask_smorest import Blueprint

import services_api.caching as caching
from services_api.keys.auth import requires
from services_api.keys.models import Role
from services_api.operations.limits import rate_limited
from services_api.searching.schemas import (
    SearchArgsSchema,
    SearchResultSchema,
    SuggestArgsSchema,
    SuggestionSchema,
    ZeroResultArgsSchema,
    ZeroResultQuerySchema,
)
from services_api.services import search_service

blp = Blueprint(
    "search",
    __name__,
    url_prefix="/api/v1/search",
    description=(
        "Tìm kiếm thủ tục bằng tiếng Việt, có dấu hoặc không dấu, chữ viết tắt, lỗi gõ. "
        "When the search engine is down, results come from the database: `degraded` is true "
        "and the response carries the header `X-Search-Degraded: true`. "
        "Administrators list the queries that found nothing at `/search/zero-results` "
        "(admin key), to add synonyms."
    ),
)


@blp.route("")
class Search(MethodView):
    @blp.arguments(SearchArgsSchema(), location="query", unknown="raise")
    @rate_limited(blp)
    @blp.response(
        200, SearchResultSchema, headers={"X-Search-Degraded": {"schema": {"type": "string"}}}
    )
    def get(self, args):
        """Search procedures"""
        result = search_service().search(args)
        if result["degraded"] or not result["total"]:  # from the database, or counted
            caching.not_reusable()
        headers = {"X-Search-Degraded": "true"} if result["degraded"] else {}
        return result, 200, headers


@blp.route("/suggest")
class Suggest(MethodView):
    @blp.arguments(SuggestArgsSchema(), location="query", unknown="raise")
    @rate_limited(blp)
    @blp.response(200, SuggestionSchema(many=True))
    def get(self, args):
        """Suggest procedure names as the citizen types"""
        service = search_service()
        suggestions = service.suggest(args["q"], args["limit"])
        if service.degraded:
            caching.not_reusable()
        return suggestions


@blp.route("/zero-results")
class ZeroResults(MethodView):
    @requires(blp, Role.ADMIN)
    @blp.arguments(ZeroResultArgsSchema(), location="query", unknown="raise")
    @blp.response(200, ZeroResultQuerySchema(many=True))
    def get(self, args):
        """List the queries that found nothing, most frequent first"""
        return search_service().zero_result_queries(args["limit"])
