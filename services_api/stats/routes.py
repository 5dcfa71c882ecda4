"""Statistics endpoints: levels now or on a date, month by month, and targets with progress."""

import datetime as dt

from flask.views import MethodView
from flask_smorest.error_handler import ErrorSchema

from services_api.json_body import Blueprint
from services_api.keys.auth import current_key, requires
from services_api.keys.models import Role
from services_api.services import stats_service, target_service, timeline
from services_api.stats.schemas import (
    AsOfStatsArgsSchema,
    MaturityStatsArgsSchema,
    MaturityStatsSchema,
    TargetProgressSchema,
    TargetSchema,
    TargetsInSchema,
    TimelineArgsSchema,
    TimelineSchema,
)

blp = Blueprint(
    "stats",
    __name__,
    url_prefix="/api/v1/stats",
    description=(
        "Thống kê mức độ dịch vụ công trực tuyến của tỉnh: now, on a past date (`as_of`), "
        "period by period, and against the targets the province set."
    ),
)


@blp.route("/maturity")
class MaturityStats(MethodView):
    @blp.etag
    @blp.arguments(MaturityStatsArgsSchema(), location="query", unknown="raise")
    @blp.response(200, MaturityStatsSchema)
    def get(self, args):
        """Count and share of procedures per level, for the province or grouped"""
        return stats_service().maturity(args.get("by"), args.get("as_of"), args["status"])


@blp.route("/maturity/timeline")
class MaturityTimeline(MethodView):
    @blp.etag
    @blp.arguments(TimelineArgsSchema(), location="query", unknown="raise")
    @blp.response(200, TimelineSchema)
    def get(self, args):
        """Counts per level and online rate at the end of each month, quarter or year"""
        filters = {k: args[k] for k in ("tier", "agency", "field") if k in args}
        until = args.get("until") or dt.date.today()
        return timeline().build(filters, args["by"], args.get("since"), until)


@blp.route("/maturity/progress")
class MaturityProgress(MethodView):
    @blp.etag
    @blp.arguments(AsOfStatsArgsSchema(), location="query", unknown="raise")
    @blp.response(200, TargetProgressSchema(many=True))
    def get(self, args):
        """Progress toward each target: procedures at the target level or above"""
        return target_service().progress(args.get("as_of"))


@blp.route("/targets")
class MaturityTargets(MethodView):
    @blp.etag
    @blp.response(200, TargetSchema(many=True))
    def get(self):
        """List the targets per level, for the province and per agency"""
        return target_service().targets()

    @requires(blp, Role.ADMIN)
    @blp.arguments(TargetsInSchema())
    @blp.response(200, TargetSchema(many=True))
    @blp.alt_response(
        422,
        schema=ErrorSchema,
        description="A bad or duplicate target, an unknown agency, or a body no database "
        "stores (a number of thousands of digits, nesting past the decoder's limit, control "
        "characters or lone surrogates in text)",
    )
    def put(self, args):
        """Replace the whole set of targets (administrators)"""
        return target_service().replace(args["targets"], current_key())
