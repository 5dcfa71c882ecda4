"""Export endpoints: the catalogue with its levels as open data, CSV or XLSX."""

from flask import Response
from flask.views import MethodView
from flask_smorest import Blueprint

from services_api.exports.schemas import ExportArgsSchema
from services_api.exports.service import HEADERS
from services_api.exports.writers import to_csv, to_xlsx
from services_api.operations.limits import rate_limited
from services_api.services import export_service

CSV = "text/csv"
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FILE = {"type": "string", "format": "binary"}

blp = Blueprint(
    "exports",
    __name__,
    url_prefix="/api/v1/exports",
    description=(
        "Dữ liệu mở: danh mục thủ tục với mức độ, as CSV (UTF-8 with BOM) or XLSX, with the "
        "listing's filters and `as_of`. Text cells that a spreadsheet would run as a formula "
        "(starting with =, +, -, @) are prefixed with an apostrophe. The file can be edited and "
        "sent back to `POST /imports/maturity` (columns code and maturity_level are read)."
    ),
)


def _file(body: bytes, mimetype: str, extension: str) -> Response:
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="procedures.{extension}"'
    return response


def _rows(args: dict) -> list[tuple]:
    return export_service().rows(args)


@blp.route("/procedures.csv")
class CsvExport(MethodView):
    @blp.arguments(ExportArgsSchema(), location="query", unknown="raise")
    @rate_limited(blp)
    @blp.response(200, FILE, content_type=CSV)
    def get(self, args):
        """Download the catalogue with its levels as CSV"""
        return _file(to_csv(HEADERS, _rows(args)), CSV, "csv")


@blp.route("/procedures.xlsx")
class XlsxExport(MethodView):
    @blp.arguments(ExportArgsSchema(), location="query", unknown="raise")
    @rate_limited(blp)
    @blp.response(200, FILE, content_type=XLSX)
    def get(self, args):
        """Download the catalogue with its levels as XLSX"""
        return _file(to_xlsx(HEADERS, _rows(args)), XLSX, "xlsx")
