"""Import endpoints: an agency sends a spreadsheet of levels, an administrator a decision's
procedures; both checked entry by entry first."""

from collections.abc import Callable, Iterator
from contextlib import contextmanager
from typing import TypeVar

import marshmallow as ma
from flask import current_app, request
from flask.views import MethodView
from flask_smorest import Blueprint, abort
from flask_smorest.error_handler import ErrorSchema

from services_api.decorators import stacked
from services_api.imports.decision_files import read_decision_file
from services_api.imports.reading import read_rows
from services_api.imports.runs import FileRefused
from services_api.imports.schemas import (
    DecisionFileSchema,
    DecisionImportArgsSchema,
    DecisionReportSchema,
    ImportArgsSchema,
    ImportFileSchema,
    ImportReportSchema,
)
from services_api.keys.auth import WRITERS, current_key, requires
from services_api.keys.models import Role
from services_api.operations.limits import rate_limited
from services_api.publishing.writer import DecisionRef
from services_api.services import decision_import_service, import_service

MULTIPART_OVERHEAD = 64 * 1024
T = TypeVar("T")

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


def _import_view(roles, query, upload, report, too_large: str, foreign: str, unusable: str):
    """An import, documented: the key, the query and the file, the report it answers with,
    and its error answers (a file too large, not of its kinds, or unusable)."""
    return stacked(
        requires(blp, *roles),
        blp.arguments(query, location="query", unknown="raise"),
        blp.arguments(upload, location="files"),
        blp.response(200, report),
        blp.alt_response(409, schema=ErrorSchema, description="Một thủ tục đổi trong lúc nhập"),
        rate_limited(blp),
        blp.alt_response(413, schema=ErrorSchema, description=too_large),
        blp.alt_response(415, schema=ErrorSchema, description=foreign),
        blp.alt_response(422, schema=ErrorSchema, description=unusable),
    )


def _uploaded(files: dict, read: Callable[[bytes, int], T]) -> T:
    """The uploaded file as ``read`` makes it of its bytes and the limit: it is given one byte
    over the limit at most, so that it refuses a larger file (413) without reading all of it."""
    limit = _upload_limit()
    return read(files["file"].read(limit + 1), limit)


@contextmanager
def _refusal_reported(report: type[ma.Schema]) -> Iterator[None]:
    """A file refused for its entries in error answers 422, its report in ``errors.report``."""
    try:
        yield
    except FileRefused as refused:
        abort(422, message=refused.message, errors={"report": report().dump(refused.report)})


@blp.route("/maturity")
class MaturityImport(MethodView):
    @_import_view(
        WRITERS,
        ImportArgsSchema(),
        ImportFileSchema(),
        ImportReportSchema,
        too_large="Tệp quá lớn: over MAX_IMPORT_BYTES, an XLSX part over its uncompressed "
        "limit (worksheet or shared strings 32 MB, any other part 4 MB, 64 MB in all), or more "
        "than 20,000 rows",
        foreign="Không phải tệp CSV hay XLSX",
        unusable="Bảng tính không dùng được (no header, missing columns, more than 50 "
        "columns, a cell over 32,767 characters), or rows in error (`errors.report`)",
    )
    def post(self, args, files):
        """Change many maturity levels from a spreadsheet"""
        rows = _uploaded(files, read_rows)
        with _refusal_reported(ImportReportSchema):
            return import_service().run(
                rows, current_key(), args["dry_run"], args.get("effective_date")
            )


@blp.route("/decisions")
class DecisionImport(MethodView):
    @_import_view(
        (Role.ADMIN,),
        DecisionImportArgsSchema(),
        DecisionFileSchema(),
        DecisionReportSchema,
        too_large="Tệp quá lớn: over MAX_DECISION_BYTES, more than 5,000 records, or an XLSX "
        "over the limits of level imports",
        foreign="Không phải tệp JSON hay XLSX",
        unusable="A bad decision (number, date, a number recorded with another date), a "
        "file that is no decision (no header, no action column, no records), or procedures "
        "rejected (`errors.report`)",
    )
    def post(self, args, files):
        """Publish a decision's procedures from a file (administrators)"""
        decision_file = _uploaded(files, read_decision_file)
        ref = DecisionRef(args["decision_number"].strip(), args["decision_date"])
        with _refusal_reported(DecisionReportSchema):
            return decision_import_service().run(
                decision_file, ref, current_key(), args["dry_run"], args["create_missing"]
            )
