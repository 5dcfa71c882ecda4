"""as_of: the levels in force on a date, read from the history, in listings, records and stats."""

import datetime as dt
import json

import pytest

from tests.factories import AGENCY_A, SEED_DATE, pick
from tests.helpers import put_level


@pytest.fixture
def changed(small_client, editor_a) -> str:
    """A level-3 procedure moved to 4 on 1 June 2025, then down to 2 on 1 September 2025."""
    code = pick(AGENCY_A, online=True, level=3)
    assert (
        put_level(small_client, code, editor_a, level=4, effective_date="2025-06-01").status_code
        == 200
    )
    response = put_level(
        small_client, code, editor_a, level=2, reason="Cổng DVC lỗi", effective_date="2025-09-01"
    )
    assert response.status_code == 200
    return code


def level_on(client, code: str, day: str | None) -> int:
    query = f"?as_of={day}" if day else ""
    response = client.get(f"/api/v1/procedures/{code}{query}")
    assert response.status_code == 200, response.json
    return response.json["maturity_level"]


@pytest.mark.parametrize(
    ("day", "level"),
    [
        ("2020-01-01", 3),  # before the seeding: the seeded level stands
        (SEED_DATE.isoformat(), 3),
        ("2025-05-31", 3),
        ("2025-06-01", 4),
        ("2025-08-31", 4),
        ("2025-09-01", 2),
        (dt.date.today().isoformat(), 2),
        ("2999-01-01", 2),
        (None, 2),
    ],
)
def test_a_record_shows_the_level_in_force_on_the_day(small_client, changed, day, level):
    assert level_on(small_client, changed, day) == level


def test_the_kind_follows_the_level_of_the_day(small_client, changed):
    record = small_client.get(f"/api/v1/procedures/{changed}?as_of=2025-07-01").json
    assert (record["maturity_level"], record["kind"]) == (4, "full")


def test_two_changes_on_one_day_the_later_record_wins(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    for level in (4, 2):
        response = put_level(
            small_client, code, editor_a, level=level, reason="r", effective_date="2025-03-01"
        )
        assert response.status_code == 200
    assert level_on(small_client, code, "2025-03-01") == 2
    assert level_on(small_client, code, "2025-02-28") == 3


def test_a_change_dated_before_the_seeding_applies_from_its_date(small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    assert (
        put_level(small_client, code, editor_a, level=4, effective_date="2024-06-01").status_code
        == 200
    )
    assert [level_on(small_client, code, d) for d in ("2024-05-31", "2024-06-01", None)] == [
        3,
        4,
        4,
    ]
    assert level_on(small_client, code, SEED_DATE.isoformat()) == 4


def test_the_listing_filters_and_shows_levels_of_the_day(small_client, changed):
    def codes(query):
        response = small_client.get(f"/api/v1/procedures?page_size=100&{query}")
        assert response.status_code == 200, response.json
        return {item["code"]: item["maturity_level"] for item in response.json}

    assert codes("level=4&as_of=2025-07-01")[changed] == 4
    assert changed not in codes("level=4&as_of=2025-05-31")
    assert changed not in codes("level=4")
    assert codes("level=2")[changed] == 2
    assert codes("kind=full&as_of=2025-07-01")[changed] == 4
    assert codes("min_level=3&as_of=2025-05-31")[changed] == 3


def test_sorting_by_level_uses_the_levels_of_the_day(small_client, changed):
    def sorted_levels(query):
        response = small_client.get(f"/api/v1/procedures?page_size=100&sort=-level&{query}")
        pages = json.loads(response.headers["X-Pagination"])["total_pages"]
        items = response.json
        for page in range(2, pages + 1):
            items += small_client.get(
                f"/api/v1/procedures?page_size=100&sort=-level&page={page}&{query}"
            ).json
        return [(item["code"], item["maturity_level"]) for item in items]

    then = sorted_levels("as_of=2025-07-01")
    now = sorted_levels("")
    assert [lv for _, lv in then] == sorted((lv for _, lv in then), reverse=True)
    assert dict(then)[changed] == 4 and dict(now)[changed] == 2
    fours_then = [code for code, lv in then if lv == 4]
    assert changed in fours_then and changed in [code for code, lv in now if lv == 2]


@pytest.mark.parametrize("sort", ["level", "-level"])
@pytest.mark.parametrize("query", ["as_of=2025-07-01", "as_of=2025-07-01&tier=commune"])
def test_small_pages_sorted_by_the_levels_of_the_day_hold_each_procedure_once(
    small_client, changed, sort, query
):
    def page(number):
        url = f"/api/v1/procedures?page_size=7&sort={sort}&page={number}&{query}"
        response = small_client.get(url)
        assert response.status_code == 200, response.json
        return response

    first = page(1)
    pages = json.loads(first.headers["X-Pagination"])["total_pages"]
    items = first.json + [i for n in range(2, pages + 1) for i in page(n).json]
    listed = [(item["maturity_level"], item["code"]) for item in items]
    assert listed == sorted(set(listed), reverse=sort.startswith("-"))
    assert len(listed) == json.loads(first.headers["X-Pagination"])["total"]
    assert (4, changed) in listed or "tier" in query


def test_etags_differ_by_date(small_client, changed):
    now = small_client.get(f"/api/v1/procedures/{changed}").headers["ETag"]
    then = small_client.get(f"/api/v1/procedures/{changed}?as_of=2025-07-01").headers["ETag"]
    assert now != then


def test_statistics_on_a_date(small_client, changed):
    def counts(query=""):
        stats = small_client.get(f"/api/v1/stats/maturity{query}").json
        return {row["level"]: row["count"] for row in stats["levels"]}

    before, during, now = counts("?as_of=2025-05-31"), counts("?as_of=2025-07-01"), counts()
    assert during[4] == before[4] + 1 and during[3] == before[3] - 1
    assert now[2] == before[2] + 1 and now[3] == before[3] - 1 and now[4] == before[4]


@pytest.mark.parametrize("by", ["agency", "field", "tier"])
def test_grouped_statistics_on_a_date(small_client, changed, by):
    response = small_client.get(f"/api/v1/stats/maturity?by={by}&as_of=2025-07-01")
    assert response.status_code == 200, response.json
    groups = response.json["groups"]
    assert sum(g["levels"][3]["count"] for g in groups) >= 1
    if by == "agency":
        agency = next(g for g in groups if g["code"] == AGENCY_A)
        now = next(
            g
            for g in small_client.get("/api/v1/stats/maturity?by=agency").json["groups"]
            if g["code"] == AGENCY_A
        )
        assert agency["levels"][3]["count"] == now["levels"][3]["count"] + 1


@pytest.mark.parametrize("query", ["as_of=yesterday", "as_of=2025-13-01", "as_of="])
def test_bad_dates_are_422(small_client, query):
    assert small_client.get(f"/api/v1/procedures?{query}").status_code == 422
    assert small_client.get(f"/api/v1/stats/maturity?{query}").status_code == 422
