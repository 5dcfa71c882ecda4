"""GET /changes and /changes.atom: every change in commit order, read from cursor to cursor."""

import xml.etree.ElementTree as ET

import pytest

from services_api.changes.recorder import record_change
from services_api.extensions import db
from tests.factories import AGENCY_A, AGENCY_B, pick
from tests.helpers import put_level

ATOM = "{http://www.w3.org/2005/Atom}"


def read_all(client, limit: int, after: str | None = None) -> tuple[list[dict], str]:
    """Every change after ``after``, page by page; and the last cursor."""
    seen = []
    while True:
        query = {"limit": limit, **({"after": after} if after else {})}
        response = client.get("/api/v1/changes", query_string=query)
        assert response.status_code == 200, response.json
        page = response.json
        seen += page["changes"]
        after = page["next"]
        if not page["has_more"]:
            return seen, after


def level_writes(client, token: str) -> list[tuple[str, int]]:
    """Five level changes on three procedures of both agencies, in this order."""
    codes = [pick(AGENCY_A, online=True, level=3), pick(AGENCY_B, online=True, level=3)]
    writes = [(codes[0], 4), (codes[1], 4), (codes[0], 3), (codes[1], 2), (codes[0], 4)]
    for code, level in writes:
        response = put_level(client, code, token, level=level, reason=f"mức {level}")
        assert response.status_code == 200, response.json
    return writes


def test_pages_read_from_cursor_to_cursor_are_the_sequence_of_writes(small_client, admin):
    writes = level_writes(small_client, admin)
    for limit in (1, 2, 5, 100):
        seen, last = read_all(small_client, limit)
        assert [(c["subject"], c["data"]["to_level"]) for c in seen] == writes
        assert {c["kind"] for c in seen} == {"level.changed"}
        assert [c["id"] for c in seen] == sorted(c["id"] for c in seen)
        assert last == seen[-1]["cursor"]
    more = small_client.get("/api/v1/changes", query_string={"after": last}).json
    assert more == {"changes": [], "next": last, "has_more": False}


def test_a_reader_at_the_end_gets_exactly_the_later_writes(small_client, admin):
    first = level_writes(small_client, admin)
    _seen, cursor = read_all(small_client, 2)
    code = pick(AGENCY_A, online=True, level=3, skip=1)
    assert put_level(small_client, code, admin, level=4, reason="x").status_code == 200
    later, _ = read_all(small_client, 2, after=cursor)
    assert [(c["subject"], c["data"]["from_level"], c["data"]["to_level"]) for c in later] == [
        (code, 3, 4)
    ]
    assert len(first) == 5


def test_a_rescission_is_a_tombstone(small_app, small_client):
    with small_app.app_context():
        record_change(db.session, "procedure.rescinded", "1.000001", {"decision": "12/QĐ-UBND"})
        db.session.commit()
    (change,) = small_client.get("/api/v1/changes").json["changes"]
    assert change["kind"] == "procedure.rescinded" and change["tombstone"] is True
    assert change["subject"] == "1.000001" and change["data"] == {"decision": "12/QĐ-UBND"}


@pytest.mark.parametrize(
    "query",
    [
        {"after": "not a cursor"},
        {"after": "MS4"},  # "1.": a generation without an id
        {"limit": 0},
        {"limit": 1001},
        {"x": 1},
    ],
)
def test_bad_arguments_are_422(small_client, query):
    response = small_client.get("/api/v1/changes", query_string=query)
    assert response.status_code == 422, response.json


def test_the_feed_answer_is_new_after_a_write(small_client, admin):
    """Public reads are kept per catalogue generation: a write makes the next read new."""
    assert small_client.get("/api/v1/changes").json["changes"] == []
    level_writes(small_client, admin)
    assert len(small_client.get("/api/v1/changes").json["changes"]) == 5


def test_the_atom_feed_lists_the_latest_changes_newest_first(small_client, admin):
    writes = level_writes(small_client, admin)
    response = small_client.get("/api/v1/changes.atom", query_string={"limit": 3})
    assert response.status_code == 200
    assert response.mimetype == "application/atom+xml"
    feed = ET.fromstring(response.data)
    assert feed.tag == f"{ATOM}feed"
    for required in ("id", "title", "updated", "author"):
        assert feed.find(f"{ATOM}{required}") is not None, required
    links = {link.get("rel"): link.get("href") for link in feed.findall(f"{ATOM}link")}
    assert links["self"].endswith("/api/v1/changes.atom?limit=3")
    assert links["alternate"].endswith("/api/v1/changes")
    entries = feed.findall(f"{ATOM}entry")
    assert len(entries) == 3
    for entry, (code, level) in zip(entries, reversed(writes[-3:]), strict=True):
        assert entry.find(f"{ATOM}id").text.startswith("urn:uuid:")
        assert entry.find(f"{ATOM}updated").text
        assert code in entry.find(f"{ATOM}title").text
        assert f"→ {level}" in entry.find(f"{ATOM}title").text
        assert entry.find(f"{ATOM}link").get("href").endswith(f"/api/v1/procedures/{code}")
    ids = [e.find(f"{ATOM}id").text for e in entries]
    assert len(set(ids)) == 3
    again = ET.fromstring(small_client.get("/api/v1/changes.atom").data)
    assert [e.find(f"{ATOM}id").text for e in again.findall(f"{ATOM}entry")][:3] == ids


def test_the_atom_feed_of_an_empty_catalogue_history_is_valid(small_client):
    feed = ET.fromstring(small_client.get("/api/v1/changes.atom").data)
    assert feed.find(f"{ATOM}updated").text and feed.findall(f"{ATOM}entry") == []


def test_a_reader_asking_again_with_the_etag_gets_304_until_a_write(small_client, admin):
    for url in ("/api/v1/changes", "/api/v1/changes.atom"):
        etag = small_client.get(url).headers["ETag"]
        assert small_client.get(url, headers={"If-None-Match": etag}).status_code == 304
    level_writes(small_client, admin)
    for url in ("/api/v1/changes", "/api/v1/changes.atom"):
        assert small_client.get(url, headers={"If-None-Match": etag}).status_code == 200
