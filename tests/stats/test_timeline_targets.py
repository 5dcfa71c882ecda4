"""Statistics over time: the month-by-month timeline, targets and the progress toward them."""

import datetime as dt

import pytest

from services_api.stats.timeline import period_count, period_ends
from tests.factories import AGENCY_A, AGENCY_B, SEED_DATE, codes_of, pick
from tests.helpers import bearer, put_level

TIMELINE = "/api/v1/stats/maturity/timeline"
TARGETS = "/api/v1/stats/targets"


@pytest.mark.parametrize(
    ("since", "until", "by", "labels"),
    [
        ("2025-01-31", "2025-03-01", "month", ["2025-01", "2025-02", "2025-03"]),
        ("2024-12-01", "2025-04-01", "quarter", ["2024-Q4", "2025-Q1", "2025-Q2"]),
        ("2024-12-01", "2025-04-01", "year", ["2024", "2025"]),
        ("9999-12-01", "9999-12-31", "month", ["9999-12"]),
    ],
)
def test_period_ends(since, until, by, labels):
    since, until = dt.date.fromisoformat(since), dt.date.fromisoformat(until)
    periods = list(period_ends(since, until, by))
    assert [label for label, _ in periods] == labels
    assert period_count(since, until, by) == len(labels)
    assert all((end + dt.timedelta(days=1)).day == 1 for _, end in periods if end.year < 9999)


@pytest.fixture
def changed(small_client, editor_a, editor_b) -> list[str]:
    a = pick(AGENCY_A, online=True, level=3)
    b = pick(AGENCY_B, online=True, level=3)
    for code, token, level, day in [
        (a, editor_a, 4, "2025-03-10"),
        (b, editor_b, 4, "2025-03-31"),
        (a, editor_a, 2, "2025-05-01"),
    ]:
        response = put_level(small_client, code, token, level=level, reason="r", effective_date=day)
        assert response.status_code == 200, response.json
    return [a, b]


def test_the_timeline_counts_levels_at_each_month_end(small_client, changed):
    response = small_client.get(f"{TIMELINE}?by=month&since=2025-01-01&until=2025-06-30")
    assert response.status_code == 200, response.json
    periods = response.json["periods"]
    assert [p["period"] for p in periods] == [f"2025-0{m}" for m in range(1, 7)]
    fours = [p["levels"][3]["count"] for p in periods]
    twos = [p["levels"][1]["count"] for p in periods]
    assert fours[1:] == [fours[0], fours[0] + 2, fours[0] + 2, fours[0] + 1, fours[0] + 1]
    assert twos[4] == twos[0] + 1
    assert periods[2]["end"] == "2025-03-31"
    assert periods[2]["online_rate"] == periods[0]["online_rate"]


def test_each_period_agrees_with_the_statistics_on_its_last_day(small_client, changed):
    periods = small_client.get(f"{TIMELINE}?by=quarter&since=2024-10-01").json["periods"]
    for period in periods:
        stats = small_client.get(f"/api/v1/stats/maturity?as_of={period['end']}").json
        assert period["levels"] == stats["levels"], period["period"]
        assert period["online_rate"] == stats["online_rate"]


def test_the_timeline_defaults_to_the_whole_history_until_today(small_client, changed):
    periods = small_client.get(TIMELINE).json["periods"]
    assert periods[0]["period"] == f"{SEED_DATE:%Y-%m}"
    assert periods[-1]["period"] == f"{dt.date.today():%Y-%m}"
    now = small_client.get("/api/v1/stats/maturity").json
    assert periods[-1]["levels"] == now["levels"]


def test_the_timeline_of_one_agency(small_client, changed):
    query = f"?agency={AGENCY_A}&since=2025-02-01&until=2025-05-31"
    periods = small_client.get(TIMELINE + query).json["periods"]
    assert {p["procedure_count"] for p in periods} == {len(codes_of(AGENCY_A))}
    assert [p["levels"][3]["count"] for p in periods] == [0, 1, 1, 0]


@pytest.mark.parametrize(
    "query",
    ["by=week", "since=2025-05-01&until=2025-01-01", "since=1000-01-01", "agency=khong-co", "x=1"],
)
def test_bad_timeline_queries_are_422(small_client, query):
    assert small_client.get(f"{TIMELINE}?{query}").status_code == 422


def test_only_an_admin_sets_targets(small_client, editor_a, make_key):
    body = {"targets": [{"level": 3, "share": 90}]}
    assert small_client.put(TARGETS, json=body).status_code == 401
    assert small_client.put(TARGETS, json=body, headers=bearer(editor_a)).status_code == 403
    assert (
        small_client.put(TARGETS, json=body, headers=bearer(make_key("reader"))).status_code == 403
    )
    assert small_client.get(TARGETS).json == []


def test_targets_are_replaced_as_a_set(small_client, admin):
    first = {
        "targets": [
            {"level": 3, "share": 90, "due_date": "2026-12-31"},
            {"agency": AGENCY_A, "level": 4, "share": 25},
        ]
    }
    response = small_client.put(TARGETS, json=first, headers=bearer(admin))
    assert response.status_code == 200, response.json
    assert [(t["agency"], t["level"], t["share"]) for t in response.json] == [
        (None, 3, 90.0),
        ({"code": AGENCY_A, "name": "Sở Tư pháp"}, 4, 25.0),
    ]
    second = {"targets": [{"level": 4, "share": 10}]}
    assert small_client.put(TARGETS, json=second, headers=bearer(admin)).status_code == 200
    assert [(t["level"], t["share"]) for t in small_client.get(TARGETS).json] == [(4, 10.0)]


@pytest.mark.parametrize(
    "targets",
    [
        [{"level": 3, "share": 90}, {"level": 3, "share": 80}],
        [{"agency": "khong-co", "level": 3, "share": 90}],
        [{"level": 5, "share": 90}],
        [{"level": 3, "share": 101}],
        [{"level": 3}],
    ],
)
def test_bad_targets_are_422_and_keep_the_old_set(small_client, admin, targets):
    good = {"targets": [{"level": 2, "share": 100}]}
    assert small_client.put(TARGETS, json=good, headers=bearer(admin)).status_code == 200
    response = small_client.put(TARGETS, json={"targets": targets}, headers=bearer(admin))
    assert response.status_code == 422
    assert [t["level"] for t in small_client.get(TARGETS).json] == [2]


def test_progress_counts_procedures_at_the_level_or_above(small_client, admin, changed):
    body = {"targets": [{"level": 3, "share": 90}, {"agency": AGENCY_A, "level": 4, "share": 1}]}
    assert small_client.put(TARGETS, json=body, headers=bearer(admin)).status_code == 200
    stats = small_client.get("/api/v1/stats/maturity").json
    province, agency = small_client.get("/api/v1/stats/maturity/progress").json
    reached = stats["levels"][2]["count"] + stats["levels"][3]["count"]
    assert province["procedure_count"] == stats["procedure_count"]
    assert province["reached_count"] == reached
    assert province["reached_share"] == stats["online_rate"]
    needed = -(-90 * stats["procedure_count"] // 100)
    assert province["remaining"] == max(0, needed - reached)
    assert province["met"] is (reached >= needed)
    assert agency["target"]["agency"]["code"] == AGENCY_A
    assert agency["procedure_count"] == len(codes_of(AGENCY_A))
    assert (agency["reached_count"], agency["met"]) == (0, False)
    then = small_client.get("/api/v1/stats/maturity/progress?as_of=2025-04-01").json[1]
    assert (then["reached_count"], then["met"], then["remaining"]) == (1, True, 0)
