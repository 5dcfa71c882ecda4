"""The feed under concurrent writers: each write's ids are taken at insert, its place in the feed
at commit; a reader paging from cursor to cursor sees every change once, in commit order."""

import random
import threading
from concurrent.futures import ThreadPoolExecutor

import pytest

from services_api.maturity.writer import LevelWriter
from tests.changes.test_feed import read_all
from tests.factories import AGENCY_A, pick
from tests.helpers import put_level

POSTGRES_ONLY = pytest.mark.parametrize(
    "database_url", [pytest.param("postgresql", marks=pytest.mark.postgres)], indirect=True
)


def pause_between_insert_and_commit(monkeypatch, pause) -> None:
    """Level writes insert their rows (ids taken), call ``pause()``, then commit."""
    commit = LevelWriter._commit

    def flush_pause_commit(self, lost_race):
        self.session.flush()
        pause()
        commit(self, lost_race)

    monkeypatch.setattr(LevelWriter, "_commit", flush_pause_commit)


@POSTGRES_ONLY
def test_a_change_inserted_first_and_committed_last_is_not_skipped(
    small_app, small_client, admin, monkeypatch
):
    """A takes the lower id, B commits first and a reader passes it, then A commits: an id cursor
    (after B's id) would never show A; the feed's cursor does."""
    a_inserted, reader_passed_b = threading.Event(), threading.Event()

    def pause():
        if threading.current_thread().name == "A":
            a_inserted.set()
            assert reader_passed_b.wait(timeout=30)

    pause_between_insert_and_commit(monkeypatch, pause)
    code_a, code_b = (pick(AGENCY_A, online=True, level=3, skip=i) for i in (0, 1))

    def write_a():
        threading.current_thread().name = "A"
        return put_level(small_app.test_client(), code_a, admin, level=4, reason="A").status_code

    with ThreadPoolExecutor(1) as pool:
        a_done = pool.submit(write_a)
        assert a_inserted.wait(timeout=30)
        assert put_level(small_client, code_b, admin, level=4, reason="B").status_code == 200
        first, cursor = read_all(small_client, 10)
        reader_passed_b.set()
        assert a_done.result(timeout=30) == 200
    later, _ = read_all(small_client, 10, after=cursor)
    assert [c["subject"] for c in first] == [code_b]
    assert [c["subject"] for c in later] == [code_a]
    assert later[0]["id"] < first[0]["id"]  # what an id cursor would have skipped


@pytest.mark.parametrize("writers,writes_each", [(4, 6)])
def test_a_reader_paging_during_concurrent_writes_sees_each_once_in_commit_order(
    small_app, small_client, admin, monkeypatch, writers, writes_each
):
    chance = random.Random(14)
    pause_between_insert_and_commit(
        monkeypatch, lambda: threading.Event().wait(chance.random() / 40)
    )
    codes = [pick(AGENCY_A, online=True, level=3, skip=i) for i in range(writers)]
    done = threading.Event()
    pages: list[list[dict]] = []

    def write(code: str) -> list[int]:
        client = small_app.test_client()
        levels = [4 if i % 2 == 0 else 3 for i in range(writes_each)]
        for level in levels:
            response = put_level(client, code, admin, level=level, reason=f"mức {level}")
            assert response.status_code == 200, response.json
        return levels

    def read_while_writing() -> None:
        client, cursor = small_app.test_client(), None
        while True:
            finished = done.is_set()  # read once more after the last write committed
            query = {"limit": 3, **({"after": cursor} if cursor else {})}
            page = client.get("/api/v1/changes", query_string=query).json
            pages.append(page["changes"])
            cursor = page["next"]
            if finished and not page["has_more"]:
                return

    with ThreadPoolExecutor(writers + 1) as pool:
        reader = pool.submit(read_while_writing)
        levels = dict(zip(codes, pool.map(write, codes), strict=True))
        done.set()
        reader.result(timeout=120)
    seen = [change for page in pages for change in page]
    everything, _ = read_all(small_client, 1000)
    assert [c["id"] for c in seen] == [c["id"] for c in everything]
    assert len({c["id"] for c in seen}) == len(seen) == writers * writes_each
    for code in codes:  # each writer's changes in the order it made them
        assert [c["data"]["to_level"] for c in seen if c["subject"] == code] == levels[code]
    generations = [c["generation"] for c in seen]
    assert generations == sorted(generations)
