"""Import endpoints: an agency sends a spreadsheet of levels, an administrator a decision's
procedures; both checked entry by entry first."""

from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from flask_smorest.error_handler import ErrorSchema

from services_api.imports.decision_files import read_decision_file
from services_api.imports.decisions import DecisionRefused
from services_api.imports.reading import read_rows
from services_api.imports.schemas import (
    DecisionFileSchema,
    DecisionImportArgsSchema,
    DecisionReportSchema,
    ImportArgsSchema,
    ImportFileSchema,
    ImportReportSchema,
)
from services_api.imports.service import ImportRefused
from services_api.keys.auth import WRITERS, current_key, requires
from services_api.keys.models import Role
from services_api.operations.limits import rate_limited
from services_api.publishing.writer import DecisionRef
from services_api.services import decision_import_service, import_service

MULTIPART_OVERHEAD = 64 * 1024

blp = Blueprint(
    "imports",
    __name__,
    url_prefix="/api/v1/imports",
    description=(
        "Cập nhật mức độ hàng loạt từ bảng tính (CSV hoặc XLSX). Every row is checked first; "
        "with `dry_run=true` the answer is the per-row report and nothing is written. A real "
        "run writes all the changes in one transaction, one history row each, or, when any row "
        "is in error, nothing (422 with the report in `errors.report`). Rows asking for the "
        "level a procedure already has are `unchanged` and skipped. Editors may change only "
        "their agency's procedures. A decision (quyết định công bố) comes as a file too: "
        "`POST /imports/decisions` (admin key) judges every procedure it names (new, changed "
        "with its diff, rescinded, unchanged, rejected with the reason) and, in a real run, "
        "records the decision once and a revision per procedure, or nothing."
    ),
)


@blp.before_request
def _limit_upload_size() -> None:
    # Refuse oversized bodies while reading them, before they reach memory or disk.
    request.max_content_length = _upload_limit() + MULTIPART_OVERHEAD


def _upload_limit() -> int:
    decision = request.endpoint == "imports.DecisionImport"
    return current_app.config["MAX_DECISION_BYTES" if decision else "MAX_IMPORT_BYTES"]


@blp.route("/maturity")
class MaturityImport(MethodView):
    @requires(blp, *WRITERS)
    @blp.arguments(ImportArgsSchema(), location="query", unknown="raise")
    @blp.arguments(ImportFileSchema(), location="files")
    @blp.response(200, ImportReportSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Một thủ tục đổi trong lúc nhập")
    @rate_limited(blp)
    @blp.alt_response(
        413,
        schema=ErrorSchema,
        description="Tệp quá lớn: over MAX_IMPORT_BYTES, an XLSX part over its uncompressed "
        "limit (worksheet or shared strings 32 MB, any other part 4 MB, 64 MB in all), or more "
        "than 20,000 rows",
    )
    @blp.alt_response(
        422,
        schema=ErrorSchema,
        description="Bảng tính không dùng được (no header, missing columns, more than 50 "
        "columns, a cell over 32,767 characters), or rows in error (`errors.report`)",
    )
    @blp.alt_response(415, schema=ErrorSchema, description="Không phải tệp CSV hay XLSX")
    def post(self, args, files):
        """Change many maturity levels from a spreadsheet"""
        limit = current_app.config["MAX_IMPORT_BYTES"]
        rows = read_rows(files["file"].read(limit + 1), limit)
        try:
            return import_service().run(
                rows, current_key(), args["dry_run"], args.get("effective_date")
            )
        except ImportRefused as refused:
            report = ImportReportSchema().dump(refused.report)
            abort(422, message=refused.message, errors={"report": report})


@blp.route("/decisions")
class DecisionImport(MethodView):
    @requires(blp, Role.ADMIN)
    @blp.arguments(DecisionImportArgsSchema(), location="query", unknown="raise")
    @blp.arguments(DecisionFileSchema(), location="files")
    @blp.response(200, DecisionReportSchema)
    @blp.alt_response(409, schema=ErrorSchema, description="Một thủ tục đổi trong lúc nhập")
    @rate_limited(blp)
    @blp.alt_response(
        413,
        schema=ErrorSchema,
        description="Tệp quá lớn: over MAX_DECISION_BYTES, more than 5,000 records, or an XLSX "
        "over the limits of level imports",
    )
    @blp.alt_response(415, schema=ErrorSchema, description="Không phải tệp JSON hay XLSX")
    @blp.alt_response(
        422,
        schema=ErrorSchema,
        description="A bad decision (number, date, a number recorded with another date), a "
        "file that is no decision (no header, no action column, no records), or procedures "
        "rejected (`errors.report`)",
    )
    def post(self, args, files):
        """Publish a decision's procedures from a file (administrators)"""
        limit = current_app.config["MAX_DECISION_BYTES"]
        decision_file = read_decision_file(files["file"].read(limit + 1), limit)
        ref = DecisionRef(args["decision_number"].strip(), args["decision_date"])
        try:
            return decision_import_service().run(
                decision_file, ref, current_key(), args["dry_run"], args["create_missing"]
            )
        except DecisionRefused as refused:
            report = DecisionReportSchema().dump(refused.report)
            abort(422, message=refused.message, errors={"report": report})
