"""as_of: listings, their totals, statistics, progress and exports take the status in force on
the date (from the revisions), not today's: a procedure rescinded since is listed on an earlier
date, one rescinded (and not yet restored) then is not, nor one published after it."""

import csv
import io
import json

import pytest

from tests.factories import AGENCY_A, pick
from tests.helpers import bearer, etag_of
from tests.publishing.conftest import NEW_CODE, new_procedure

RESCINDED_ON = "2025-06-01"
RESTORED_ON = "2025-09-01"
CREATED_ON = "2025-03-01"  # tests.publishing.conftest.DECISION
# (date, the rescinded-and-restored procedure's status, whether the created one is published)
DAYS = [
    ("2025-02-28", "active", False),
    (CREATED_ON, "active", True),
    ("2025-05-31", "active", True),
    (RESCINDED_ON, "rescinded", True),
    ("2025-08-31", "rescinded", True),
    (RESTORED_ON, "active", True),
]
# listings read three ways: the counts kept per group (no filter, one agency), a count of the
# procedures (a level filter, several agencies), and the page sorted by the level on the day
QUERIES = [
    "",
    f"agency={AGENCY_A}",
    "min_level=1",
    f"agency={AGENCY_A}&agency=cong-an-tinh",
    "sort=-level",
    f"agency={AGENCY_A}&tier=province&online=true",
]


def set_status(client, token: str, code: str, status: str, number: str, day: str) -> None:
    body = {"status": status, "decision": {"number": number, "date": day}}
    headers = {**bearer(token), "If-Match": etag_of(client, code)}
    response = client.put(f"/api/v1/procedures/{code}/status", json=body, headers=headers)
    assert response.status_code == 200, response.json


@pytest.fixture
def history(small_client, admin) -> dict[str, str]:
    """A seeded procedure rescinded on 1 June 2025 and restored on 1 September 2025, another
    rescinded on 1 June 2025 (still), and a procedure created on 1 March 2025."""
    moved = pick(AGENCY_A, online=True)
    gone = pick(AGENCY_A, online=True, skip=1)
    response = small_client.post(
        "/api/v1/procedures", json=new_procedure(tiers=["province"]), headers=bearer(admin)
    )
    assert response.status_code == 201, response.json
    set_status(small_client, admin, moved, "rescinded", "61/QĐ-UBND", RESCINDED_ON)
    set_status(small_client, admin, gone, "rescinded", "61/QĐ-UBND", RESCINDED_ON)
    set_status(small_client, admin, moved, "active", "91/QĐ-UBND", RESTORED_ON)
    return {"moved": moved, "gone": gone, "created": NEW_CODE}


def listing(client, query: str) -> tuple[dict[str, str], int]:
    """``({code: status shown}, total)`` of every page of a listing."""
    shown, page, total = {}, 1, None
    while total is None or len(shown) < total:
        response = client.get(f"/api/v1/procedures?page_size=100&page={page}&{query}")
        assert response.status_code == 200, response.json
        total = json.loads(response.headers["X-Pagination"])["total"]
        assert response.json or not total, f"page {page} of {total} empty"
        shown |= {item["code"]: item["status"] for item in response.json}
        page += 1
    assert len(shown) == total  # the total counts what the pages list
    return shown, total


def expected(history: dict, moved: str, published: bool) -> dict[str, set[str]]:
    """Which of the three procedures each status selects on the day."""
    by_status = {"active": set(), "rescinded": set()}
    by_status[moved].add(history["moved"])
    by_status["active" if history["day"] < RESCINDED_ON else "rescinded"].add(history["gone"])
    if published:
        by_status["active"].add(history["created"])
    return {**by_status, "all": by_status["active"] | by_status["rescinded"]}


@pytest.mark.parametrize("query", QUERIES)
def test_a_listing_on_a_day_takes_the_statuses_in_force_then(small_client, history, query):
    ours = set(history.values())
    for day, moved, published in DAYS:
        wanted = expected({**history, "day": day}, moved, published)
        for status in ("active", "rescinded", "all"):
            shown, _total = listing(small_client, f"as_of={day}&status={status}&{query}")
            assert set(shown) & ours == wanted[status], (day, status, shown.keys() & ours)
            for code in wanted[status]:
                in_force = "active" if code in wanted["active"] else "rescinded"
                assert shown[code] == in_force, (day, status, code)


def test_the_totals_on_a_day_add_up_to_the_listing_of_all_statuses(small_client, history):
    for day, _moved, _published in DAYS:
        _, active = listing(small_client, f"as_of={day}")
        _, rescinded = listing(small_client, f"as_of={day}&status=rescinded")
        _, every = listing(small_client, f"as_of={day}&status=all")
        assert active + rescinded == every, day
    _, today = listing(small_client, "")
    _, before = listing(small_client, "as_of=2025-05-31")
    assert before == today + 1  # `gone` was still active; the created one was published


def test_statistics_on_a_day_count_the_procedures_active_then(small_client, history):
    def count(query: str) -> int:
        response = small_client.get(f"/api/v1/stats/maturity?{query}")
        assert response.status_code == 200, response.json
        return response.json["procedure_count"]

    today = count("")
    assert count("as_of=2025-05-31") == today + 1
    assert count("as_of=2025-02-28") == today  # `gone` active, the created one not published
    assert count("as_of=2025-06-15") == today - 1  # `moved` rescinded then
    assert count("as_of=2025-06-15&status=rescinded") == 2
    assert count("status=all") == today + 1  # and `gone`
    assert count("as_of=2025-02-28&status=all") == today  # and `gone`, not the created one
    by_agency = small_client.get("/api/v1/stats/maturity?by=agency&as_of=2025-05-31").json
    agency = next(g for g in by_agency["groups"] if g["code"] == AGENCY_A)
    now = next(
        g
        for g in small_client.get("/api/v1/stats/maturity?by=agency").json["groups"]
        if g["code"] == AGENCY_A
    )
    assert agency["procedure_count"] == now["procedure_count"] + 1


def test_progress_on_a_day_counts_the_procedures_active_then(small_client, admin, history):
    body = {"targets": [{"level": 1, "share": 10}, {"agency": AGENCY_A, "level": 1, "share": 10}]}
    assert (
        small_client.put("/api/v1/stats/targets", json=body, headers=bearer(admin)).status_code
        == 200
    )
    today = small_client.get("/api/v1/stats/maturity/progress").json
    then = small_client.get("/api/v1/stats/maturity/progress?as_of=2025-06-15").json
    for now, past in zip(today, then, strict=True):
        assert past["procedure_count"] == now["procedure_count"] - 1  # `moved` rescinded then


def test_an_export_on_a_day_has_the_procedures_active_then(small_client, history):
    def codes(query: str) -> set[str]:
        response = small_client.get(f"/api/v1/exports/procedures.csv?{query}")
        assert response.status_code == 200, response.json
        rows = csv.DictReader(io.StringIO(response.data.decode("utf-8-sig")))
        return {row["code"] for row in rows} & set(history.values())

    assert codes("") == {history["moved"], history["created"]}
    assert codes("as_of=2025-02-28") == {history["moved"], history["gone"]}
    assert codes("as_of=2025-06-15") == {history["created"]}
    assert codes("as_of=2025-06-15&status=rescinded") == {history["moved"], history["gone"]}
