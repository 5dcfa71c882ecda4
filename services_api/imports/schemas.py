"""Import schemas: the upload, its options, and the per-row report."""

import marshmallow as ma
from flask_smorest.fields import Upload

from services_api.schemas import StrictQueryArgsSchema


class ImportArgsSchema(StrictQueryArgsSchema):
    dry_run = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Only check every row and report; write nothing"},
    )
    effective_date = ma.fields.Date(
        metadata={"description": "Ngày hiệu lực of every change (default today)"}
    )


class ImportFileSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    file = Upload(
        required=True,
        metadata={
            "description": "CSV (UTF-8, Windows-1258, or UTF-16 with BOM, tab-separated) or XLSX; "
            "first sheet; header row with "
            "code / mã thủ tục, level / mức độ, and optionally reason / lý do"
        },
    )


class ProblemSchema(ma.Schema):
    code = ma.fields.String(
        metadata={
            "description": "missing_code, unknown_code, duplicate_row, not_your_agency, "
            "bad_level, no_online_channel, reason_required, reason_too_long, future_date, "
            "too_early, before_last_change"
        }
    )
    field = ma.fields.String()
    message = ma.fields.String()


class ImportRowSchema(ma.Schema):
    row = ma.fields.Integer(metadata={"description": "Row number in the spreadsheet"})
    code = ma.fields.String(allow_none=True)
    name = ma.fields.String(allow_none=True)
    from_level = ma.fields.Integer(allow_none=True)
    to_level = ma.fields.Integer(allow_none=True)
    reason = ma.fields.String(allow_none=True)
    status = ma.fields.String(metadata={"description": "change, unchanged (skipped) or error"})
    problems = ma.fields.List(ma.fields.Nested(ProblemSchema))


class ImportReportSchema(ma.Schema):
    dry_run = ma.fields.Boolean()
    applied = ma.fields.Boolean(metadata={"description": "True when the changes were written"})
    effective_date = ma.fields.Date()
    row_count = ma.fields.Integer()
    change_count = ma.fields.Integer()
    unchanged_count = ma.fields.Integer()
    error_count = ma.fields.Integer()
    rows = ma.fields.List(ma.fields.Nested(ImportRowSchema))
