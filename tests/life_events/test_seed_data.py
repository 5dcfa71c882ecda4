"""The committed life events: real catalogue codes, and phrases that are no procedure's words."""

import re
from collections import Counter

from search.text import normalize
from seeds.loader import read_procedures
from services_api.life_events.matching import words
from services_api.life_events.service import read_seed

EVENTS = read_seed()


def _spaced(text: str) -> str:
    return " " + " ".join(re.findall(r"\w+", normalize(text).lower())) + " "


def test_every_event_has_real_procedures_a_reason_and_a_source():
    codes = {procedure["code"] for procedure in read_procedures()}
    assert len(EVENTS) >= 20
    for event in EVENTS:
        assert event["procedures"] and set(event["procedures"]) <= codes, event["code"]
        assert len(set(event["procedures"])) == len(event["procedures"])
        assert event["reason"].strip() and event["source"].strip() and event["phrases"]


def test_no_phrase_is_words_of_a_procedure_name():
    """A query naming a procedure is never taken for a situation (so its own ranking stands)."""
    names = [_spaced(procedure["name"]) for procedure in read_procedures()]
    clashes = [
        phrase
        for event in EVENTS
        for phrase in event["phrases"]
        if any(_spaced(phrase) in name for name in names)
    ]
    assert clashes == []


def test_phrases_keep_two_words_and_belong_to_one_event():
    phrases = [words(p) for event in EVENTS for p in event["phrases"]]
    assert [p for p in phrases if len(p) < 2] == []
    assert [p for p, n in Counter(phrases).items() if n > 1] == []
