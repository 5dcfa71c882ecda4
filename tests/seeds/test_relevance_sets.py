"""The team's relevance set (bench/data) stays consistent with the committed catalogue."""

import json
from collections import Counter
from pathlib import Path

from search.text import fold
from seeds.loader import read_procedures

TEAM_SET = Path(__file__).parents[2] / "bench" / "data" / "relevance-team.jsonl"
KINDS = {
    "exact",
    "no_diacritics",
    "abbreviation",
    "colloquial",
    "spelling_variant",
    "typo",
    "prefix",
}


def queries() -> list[dict]:
    return [json.loads(line) for line in TEAM_SET.read_text("utf-8").splitlines() if line]


def test_every_judged_code_is_in_the_catalogue():
    codes = {procedure["code"] for procedure in read_procedures()}
    judged = [code for query in queries() for code in query["relevant"]]
    assert judged and [code for code in judged if code not in codes] == []


def test_queries_are_distinct_once_folded_and_of_known_kinds():
    folded = Counter(" ".join(fold(query["q"]).split()) for query in queries())
    assert [q for q, n in folded.items() if n > 1] == []
    assert {query["kind"] for query in queries()} == KINDS
