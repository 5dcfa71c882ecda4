"""The constraints services_api/schemas.py states in the spec are the ones the code applies."""

import sys
import unicodedata

import marshmallow as ma
import pytest

from services_api.schemas import PRINTABLE_TEXT, SLUG, Pattern, WholeNumber


def test_printable_text_refuses_exactly_unicodes_control_and_format_characters():
    import re

    pattern = re.compile(PRINTABLE_TEXT)
    refused = {c for c in range(sys.maxunicode + 1) if not pattern.fullmatch(chr(c))}
    expected = {
        c for c in range(sys.maxunicode + 1) if unicodedata.category(chr(c)) in ("Cc", "Cf")
    }
    assert refused - set(range(0xD800, 0xE000)) == expected


def test_a_pattern_matches_the_whole_value():
    with pytest.raises(ma.ValidationError):
        Pattern(SLUG)("so-tu-phap\n")
    assert Pattern(SLUG)("so-tu-phap") == "so-tu-phap"


@pytest.mark.parametrize(("value", "loaded"), [(4, 4), (4.0, 4), (1, 1)])
def test_a_whole_number_is_an_integer_as_json_schema_counts_them(value, loaded):
    assert WholeNumber().deserialize(value) == loaded


@pytest.mark.parametrize("value", ["4", True, 4.5, float("inf"), float("nan"), None])
def test_anything_else_is_not_a_whole_number(value):
    with pytest.raises(ma.ValidationError):
        WholeNumber(allow_none=False).deserialize(value)
