"""The team's relevance sets (bench/data) stay consistent with the committed catalogue."""

import json
from collections import Counter
from pathlib import Path

import pytest

from search.text import fold
from seeds.loader import read_procedures

DATA = Path(__file__).parents[2] / "bench" / "data"
KINDS = {
    "relevance-team.jsonl": {
        "exact",
        "no_diacritics",
        "abbreviation",
        "colloquial",
        "spelling_variant",
        "typo",
        "prefix",
    },
    "relevance-hard.jsonl": {
        "situation",
        "question",
        "regional",
        "colloquial",
        "abbreviation",
        "typo",
    },
}


def queries(name: str) -> list[dict]:
    return [json.loads(line) for line in (DATA / name).read_text("utf-8").splitlines() if line]


def folded(query: dict) -> str:
    return " ".join(fold(query["q"]).split())


@pytest.mark.parametrize("name", sorted(KINDS))
def test_every_judged_code_is_in_the_catalogue(name):
    codes = {procedure["code"] for procedure in read_procedures()}
    judged = [code for query in queries(name) for code in query["relevant"]]
    assert judged and [code for code in judged if code not in codes] == []
    assert all(len(set(q["relevant"])) == len(q["relevant"]) for q in queries(name))


@pytest.mark.parametrize("name", sorted(KINDS))
def test_queries_are_distinct_once_folded_and_of_known_kinds(name):
    counts = Counter(folded(query) for query in queries(name))
    assert [q for q, n in counts.items() if n > 1] == []
    assert {query["kind"] for query in queries(name)} == KINDS[name]


def test_the_hard_set_repeats_no_team_query():
    team = {folded(query) for query in queries("relevance-team.jsonl")}
    hard = queries("relevance-hard.jsonl")
    assert len(hard) >= 150 and [q["q"] for q in hard if folded(q) in team] == []
