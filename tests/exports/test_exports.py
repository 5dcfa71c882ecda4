"""GET /exports/procedures.csv and .xlsx: open data, safe to open in a spreadsheet."""

import csv
import io

import openpyxl
import pytest
from sqlalchemy import select

from services_api.exports.writers import neutralise
from services_api.extensions import db
from services_api.procedures.models import Procedure
from tests.factories import AGENCY_A, SUBSET, pick
from tests.helpers import put_level


def csv_table(client, query: str = "") -> list[dict]:
    response = client.get(f"/api/v1/exports/procedures.csv{query}")
    assert response.status_code == 200, response.json
    assert response.mimetype == "text/csv"
    assert "attachment" in response.headers["Content-Disposition"]
    assert response.data.startswith("\ufeff".encode())
    return list(csv.DictReader(io.StringIO(response.data.decode("utf-8-sig"))))


def xlsx_table(client, query: str = "") -> list[tuple]:
    response = client.get(f"/api/v1/exports/procedures.xlsx{query}")
    assert response.status_code == 200
    book = openpyxl.load_workbook(io.BytesIO(response.data))
    return [tuple(cell for cell in row) for row in book.active.iter_rows()]


@pytest.mark.parametrize(
    ("value", "expected"),
    [
        ('=HYPERLINK("http://x")', '\'=HYPERLINK("http://x")'),
        ("+84 912", "'+84 912"),
        ("-1+1", "'-1+1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\t=1", "'\t=1"),
        ("Đăng ký khai sinh", "Đăng ký khai sinh"),
        ("1.001193", "1.001193"),
        (3, 3),
        (None, None),
    ],
)
def test_cells_that_would_run_as_formulas_are_neutralised(value, expected):
    assert neutralise(value) == expected


def test_the_csv_has_every_procedure_with_its_level(small_client):
    rows = csv_table(small_client)
    assert {row["code"] for row in rows} == set(SUBSET)
    one = next(row for row in rows if row["code"] == pick(AGENCY_A, online=True, level=3))
    assert one["maturity_level"] == "3" and one["kind"] == "partial"
    assert one["provincial_code"] == f"{one['code']}.000.00.00.H99"


def test_the_xlsx_matches_the_csv(small_client):
    header, *rows = xlsx_table(small_client)
    as_csv = csv_table(small_client)
    assert [c.value for c in header] == list(as_csv[0].keys())
    assert [r[0].value for r in rows] == [r["code"] for r in as_csv]
    assert {r[3].value for r in rows} <= {1, 2, 3, 4}


def test_formula_like_text_is_text_in_both_files(small_app, small_client):
    code = pick(AGENCY_A, online=True, level=3)
    with small_app.app_context():
        procedure = db.session.scalar(select(Procedure).where(Procedure.code == code))
        procedure.name = '=HYPERLINK("http://evil.example","Bấm vào đây")'
        db.session.commit()
    row = next(r for r in csv_table(small_client) if r["code"] == code)
    assert row["name"] == '\'=HYPERLINK("http://evil.example","Bấm vào đây")'
    cells = next(r for r in xlsx_table(small_client)[1:] if r[0].value == code)
    assert cells[2].data_type == "s" and cells[2].value.startswith("'=")


def test_filters_and_as_of_apply(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    assert (
        put_level(small_client, code, editor_a, level=4, effective_date="2025-06-01").status_code
        == 200
    )
    now = {r["code"]: r["maturity_level"] for r in csv_table(small_client, "?level=4")}
    assert now[code] == "4"
    before = {r["code"]: r["maturity_level"] for r in csv_table(small_client, "?as_of=2025-05-31")}
    assert before[code] == "3"
    assert code not in {r["code"] for r in csv_table(small_client, "?level=4&as_of=2025-05-31")}
    assert small_client.get("/api/v1/exports/procedures.csv?colour=red").status_code == 422


@pytest.mark.parametrize("extension", ["csv", "xlsx"])
def test_unknown_agency_codes_are_422_before_any_file_is_written(small_client, extension):
    response = small_client.get(f"/api/v1/exports/procedures.{extension}?agency=khong-co")
    assert response.status_code == 422
