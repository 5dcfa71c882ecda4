"""The catalogue generation: one number per writing transaction, in commit order."""

import threading
from concurrent.futures import ThreadPoolExecutor

from services_api.catalogue import generation
from services_api.extensions import db


def test_a_transaction_takes_one_generation_and_a_rollback_gives_it_back(small_app):
    with small_app.app_context():
        session = db.session
        start = generation.current(session)
        assert generation.bump(session) == start + 1
        assert generation.bump(session) == start + 1  # the same transaction: the same number
        session.rollback()
        assert generation.current(session) == start
        assert generation.bump(session) == start + 1
        session.commit()
        assert generation.bump(session) == start + 2
        session.commit()
        assert generation.current(session) == start + 2


def test_concurrent_writers_take_distinct_generations_in_commit_order(small_app):
    """Each writer bumps, records its number while it holds the row, then commits: no other
    writer takes a number between, so the numbers are recorded in commit order. (Recorded after
    the commit, two writers could append in either order once both had committed.)"""
    committed: list[int] = []
    lock = threading.Lock()
    start = threading.Barrier(6)

    def write() -> int:
        with small_app.app_context():
            session = db.session
            start.wait(timeout=10)
            taken = generation.bump(session)
            with lock:
                committed.append(taken)
            session.commit()
            return taken

    with ThreadPoolExecutor(6) as pool:
        taken = [f.result(timeout=60) for f in [pool.submit(write) for _ in range(6)]]
    assert sorted(taken) == list(range(min(taken), min(taken) + 6))
    assert committed == sorted(committed)
