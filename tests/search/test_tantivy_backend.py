"""What only the Tantivy backend promises: several processes, one writer, pinned schema."""

import json
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from search import SearchQuery, SearchUnavailable, create_backend
from search.tantivy_store import SCHEMA_VERSION

ROOT = Path(__file__).resolve().parents[2]


@pytest.fixture
def index_dir(tmp_path):
    return tmp_path / "index"


def run_in_another_process(index_dir: Path, statement: str) -> str:
    """Run `statement` with `backend` bound to a Tantivy backend on index_dir; its stdout."""
    script = textwrap.dedent(
        f"""
        import json, sys
        import search
        backend = search.create_backend("tantivy", index_dir={str(index_dir)!r})
        docs = json.loads(sys.stdin.read() or "[]")
        {statement}
        backend.close()
        """
    )
    done = subprocess.run(
        [sys.executable, "-c", script],
        input=json.dumps([]),
        capture_output=True,
        text=True,
        cwd=ROOT,
        timeout=60,
        check=True,
    )
    return done.stdout


def test_writes_of_another_process_are_seen(index_dir, corpus):
    backend = create_backend("tantivy", index_dir=index_dir)
    backend.index(corpus[:2])
    assert backend.search(SearchQuery(text="gplx")).total == 0  # cached from now on
    doc = next(d for d in corpus if d["code"] == "3.000348")
    run_in_another_process(index_dir, f"backend.index([{doc!r}])")
    assert [h.code for h in backend.search(SearchQuery(text="gplx")).hits] == ["3.000348"]
    assert backend.count() == 3
    assert run_in_another_process(index_dir, "print(backend.count())").strip() == "3"
    backend.close()


def test_a_rebuild_elsewhere_switches_readers(index_dir, corpus):
    reader = create_backend("tantivy", index_dir=index_dir)
    writer = create_backend("tantivy", index_dir=index_dir)
    writer.rebuild(corpus[:10])
    assert reader.count() == 10
    writer.rebuild(corpus[10:15])
    assert reader.count() == 5
    assert len(list(index_dir.glob("g-*"))) == 2  # the current and the previous generation
    writer.rebuild(corpus[15:16])
    assert len(list(index_dir.glob("g-*"))) == 2
    assert reader.suggest(corpus[15]["name"][:12])[0]["code"] == corpus[15]["code"]


def test_one_writer_at_a_time(index_dir, corpus):
    holder = create_backend("tantivy", index_dir=index_dir)
    holder.index(corpus[:1])
    waiting = create_backend("tantivy", index_dir=index_dir, lock_timeout=0.2)
    with holder.store.locked():
        with pytest.raises(SearchUnavailable, match="locked"):
            waiting.index(corpus[1:2])
    waiting.index(corpus[1:2])
    assert holder.count() == 2


def test_reopened_index_can_be_written(index_dir, corpus):
    first = create_backend("tantivy", index_dir=index_dir)
    first.index(corpus[:1])
    first.close()
    again = create_backend("tantivy", index_dir=index_dir)
    again.index(corpus[1:3])  # tokenizers registered again after Index.open
    assert again.count() == 3


def test_schema_change_starts_an_empty_index_to_rebuild(index_dir, corpus):
    old = create_backend("tantivy", index_dir=index_dir)
    old.rebuild(corpus[:20])
    marker = index_dir / "CURRENT"
    current = json.loads(marker.read_text())
    marker.write_text(json.dumps(current | {"schema_version": SCHEMA_VERSION - 1}))
    upgraded = create_backend("tantivy", index_dir=index_dir)
    assert upgraded.count() == 0  # the application sees the difference and rebuilds
    after = json.loads(marker.read_text())
    assert after["schema_version"] == SCHEMA_VERSION
    assert after["generation"] != current["generation"]
    assert old.count() == 0  # every process moves to the new generation
    assert upgraded.rebuild(corpus[:20]) == 20


def test_results_are_cached_but_not_shared(index_dir, corpus):
    backend = create_backend("tantivy", index_dir=index_dir)
    backend.index(corpus)
    first = backend.search(SearchQuery(text="khai sinh"))
    first.hits[0].document["name"] = "changed by the caller"
    first.facets["tier"].clear()
    second = backend.search(SearchQuery(text="khai sinh"))
    assert second.hits[0].document["name"] != "changed by the caller"
    assert second.facets["tier"]


def test_unreadable_index_is_unavailable(tmp_path):
    blocker = tmp_path / "not-a-directory"
    blocker.write_text("")
    backend = create_backend("tantivy", index_dir=blocker / "index")
    with pytest.raises(SearchUnavailable):
        backend.search(SearchQuery(text="x"))
    assert backend.health() is False


def test_unknown_backend_name():
    from search import SearchError

    with pytest.raises(SearchError, match="tantivy"):
        create_backend("whoosh")


def test_name_index_is_kept_until_names_change(index_dir, corpus):
    backend = create_backend("tantivy", index_dir=index_dir)
    backend.index(corpus[:10])
    assert backend.suggest(corpus[0]["name"][:15])
    names = backend._current().names
    backend.index([dict(corpus[0], maturity_level=1)])  # a new level, the same name
    assert backend._current().names is names
    backend.index([dict(corpus[0], name="Thủ tục thử nghiệm")])
    assert backend._current().names is None
    assert backend.suggest("thu nghiem")[0]["code"] == corpus[0]["code"]
    backend.delete([corpus[0]["code"]])
    assert backend.suggest("thu nghiem") == []
