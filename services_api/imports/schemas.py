"""Import schemas: the upload, its options, and the per-row report."""

import marshmallow as ma
from flask_smorest.fields import Upload

from services_api.procedures.schemas import DecisionSchema, FieldChangeSchema
from services_api.schemas import PRINTABLE_TEXT, Pattern, StrictQueryArgsSchema


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


class DecisionImportArgsSchema(StrictQueryArgsSchema):
    decision_number = ma.fields.String(
        required=True,
        validate=[
            ma.validate.Length(min=1, max=200),
            Pattern(PRINTABLE_TEXT, error="Số quyết định có ký tự điều khiển."),
        ],
        metadata={"description": "Số quyết định công bố, e.g. 1234/QĐ-UBND"},
    )
    decision_date = ma.fields.Date(
        required=True,
        metadata={"description": "Ngày quyết định: not in the future, not before 2010-06-08"},
    )
    dry_run = ma.fields.Boolean(
        load_default=False,
        metadata={"description": "Only judge every procedure and report; write nothing"},
    )
    create_missing = ma.fields.Boolean(
        load_default=False,
        metadata={
            "description": "Create the agencies and fields the file names that the catalogue "
            "lacks (listed in the report); else procedures naming them are rejected"
        },
    )


class DecisionFileSchema(ma.Schema):
    class Meta:
        unknown = ma.EXCLUDE

    file = Upload(
        required=True,
        metadata={
            "description": "The national database's procedure records as JSON (an array, or "
            "one object a line; `action` or `hanh_dong`: new / amended / replaced / "
            "rescinded, default new for an unknown code and amended for a known one; a "
            "rescission needs only `ma_thu_tuc`), or an official list XLSX (Mã số, Tên, Cơ "
            "quan ban hành, Cơ quan thực hiện, Lĩnh vực and a column Hành động: công bố mới / "
            "sửa đổi / thay thế / bãi bỏ); a new procedure needs its whole record (JSON)"
        },
    )


class DecisionLineSchema(ma.Schema):
    item = ma.fields.Integer(metadata={"description": "Record or row number in the file"})
    code = ma.fields.String(allow_none=True)
    name = ma.fields.String(allow_none=True)
    action = ma.fields.String(allow_none=True, metadata={"description": "As the file says it"})
    status = ma.fields.String(
        metadata={"description": "new, changed, rescinded, unchanged (skipped) or rejected"}
    )
    diff = ma.fields.List(ma.fields.Nested(FieldChangeSchema))
    problems = ma.fields.List(ma.fields.Nested(ProblemSchema))


class DecisionReportSchema(ma.Schema):
    dry_run = ma.fields.Boolean()
    applied = ma.fields.Boolean(metadata={"description": "True when the decision was written"})
    decision = ma.fields.Nested(DecisionSchema)
    procedure_count = ma.fields.Integer()
    new_count = ma.fields.Integer()
    changed_count = ma.fields.Integer()
    rescinded_count = ma.fields.Integer()
    unchanged_count = ma.fields.Integer()
    rejected_count = ma.fields.Integer()
    new_agencies = ma.fields.List(ma.fields.String(), metadata={"description": "Created"})
    new_fields = ma.fields.List(ma.fields.String(), metadata={"description": "Created"})
    procedures = ma.fields.List(ma.fields.Nested(DecisionLineSchema))
