"""Concurrent level changes sent with the same ETag: exactly one wins, the others get 412."""

import threading
from concurrent.futures import ThreadPoolExecutor

from services_api.maturity.writer import LevelWriter
from tests.factories import AGENCY_A, pick
from tests.helpers import bearer, etag_of, history


def _put(app, code: str, token: str, etag: str, level: int, start: threading.Barrier):
    client = app.test_client()
    start.wait(timeout=10)
    response = client.put(
        f"/api/v1/procedures/{code}/maturity",
        json={"level": level, "reason": f"lên mức {level}" if level else None},
        headers={**bearer(token), "If-Match": etag},
    )
    return response.status_code, response.json


def test_two_updates_that_both_passed_the_etag_check_race_and_one_loses(
    small_app, small_client, editor_a, monkeypatch
):
    """Both requests read the same version and pass If-Match; they meet at the commit, so the
    loser is caught by the row version (StaleDataError), not by the ETag check."""
    code = pick(AGENCY_A, online=True, level=3)
    etag = etag_of(small_client, code)
    at_commit = threading.Barrier(2)
    commit = LevelWriter._commit

    def meet_then_commit(self, lost_race):
        at_commit.wait(timeout=10)
        commit(self, lost_race)

    monkeypatch.setattr(LevelWriter, "_commit", meet_then_commit)
    start = threading.Barrier(2)
    with ThreadPoolExecutor(2) as pool:
        futures = [
            pool.submit(_put, small_app, code, editor_a, etag, level, start) for level in (4, 2)
        ]
        results = [f.result(timeout=60) for f in futures]
    statuses = sorted(status for status, _ in results)
    assert statuses == [200, 412], results
    winner = next(body for status, body in results if status == 200)
    loser = next(body for status, body in results if status == 412)
    assert "người khác" in loser["message"]  # the version check, not If-Match, refused it
    rows = history(small_client, code)
    assert len(rows) == 2 and rows[-1]["to_level"] == winner["maturity_level"]
    current = small_client.get(f"/api/v1/procedures/{code}").json
    assert current["maturity_level"] == winner["maturity_level"]


def test_many_updates_with_the_same_etag_change_the_level_once(small_app, small_client, editor_a):
    code = pick(AGENCY_A, online=True, level=3)
    etag = etag_of(small_client, code)
    levels = [4, 2, 1, 4, 2, 1]
    start = threading.Barrier(len(levels))
    with ThreadPoolExecutor(len(levels)) as pool:
        futures = [
            pool.submit(_put, small_app, code, editor_a, etag, level, start) for level in levels
        ]
        statuses = sorted(f.result(timeout=60)[0] for f in futures)
    assert statuses == [200] + [412] * (len(levels) - 1)
    assert len(history(small_client, code)) == 2
