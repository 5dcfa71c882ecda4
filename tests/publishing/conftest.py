"""Bodies of publishing writes: a decision, a new procedure's content, and the write requests."""

import pytest

from tests.factories import AGENCY_A
from tests.helpers import bearer, etag_of

DECISION = {"number": "101/QĐ-UBND", "date": "2025-03-01"}
NEW_CODE = "1.999001"


def new_procedure(code: str = NEW_CODE, **changes) -> dict:
    body = {
        "code": code,
        "decision": DECISION,
        "name": "Cấp giấy phép tổ chức lễ hội đua thuyền truyền thống",
        "tiers": ["province"],
        "implementing_agencies": [AGENCY_A],
        "field": "ho-tich",
        "channels": [
            {
                "method": "in_person",
                "time_value": 10,
                "time_unit": "Ngày làm việc",
                "fee_free": True,
            },
            {"method": "online", "time_value": 7, "time_unit": "Ngày làm việc", "fee_vnd": 50000},
        ],
        "documents": [{"name": "Đơn đề nghị", "form": "Mẫu 01", "quantity": "1 bản chính"}],
        "result": "Giấy phép",
    }
    return {**body, **changes}


def write(client, method: str, path: str, token: str, body: dict, etag: str | None = "current"):
    """A publishing write with the procedure's current ETag unless told otherwise."""
    headers = bearer(token)
    code = path.split("/")[4] if path.count("/") >= 4 else None
    if etag == "current" and code:
        etag = etag_of(client, code)
    if etag and etag != "current":
        headers["If-Match"] = etag
    return client.open(path, method=method, json=body, headers=headers)


@pytest.fixture
def created(small_client, admin) -> str:
    response = small_client.post("/api/v1/procedures", json=new_procedure(), headers=bearer(admin))
    assert response.status_code == 201, response.json
    return NEW_CODE
