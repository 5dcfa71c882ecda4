"""Statistics endpoints."""

from flask.views import MethodView
from flask_smorest import Blueprint

from services_api.extensions import db
from services_api.stats.schemas import MaturityStatsArgsSchema, MaturityStatsSchema
from services_api.stats.service import StatsService

blp = Blueprint(
    "stats",
    __name__,
    url_prefix="/api/v1/stats",
    description="Thống kê mức độ dịch vụ công trực tuyến của tỉnh.",
)


@blp.route("/maturity")
class MaturityStats(MethodView):
    @blp.etag
    @blp.arguments(MaturityStatsArgsSchema, location="query", unknown="raise")
    @blp.response(200, MaturityStatsSchema)
    def get(self, args):
        """Count and share of procedures per level, for the province or grouped"""
        return StatsService(db.session).maturity(args.get("by"))
