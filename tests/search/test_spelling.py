"""Spellings of a typed word: i/y, keyboard letters and words typed without spaces."""

import pytest

from search.spelling import is_syllable, spelling_variants, syllable_splits


@pytest.mark.parametrize(
    ("word", "splits"),
    [
        ("khaisinh", (("khai", "sinh"), ("kha", "i", "sinh"))),
        ("dangky", (("dang", "ky"),)),
        ("oto", (("o", "to"), ("ot", "o"))),  # ô tô
        ("hokinhdoanh", (("ho", "kinh", "doanh"), ("ho", "kinh", "do", "anh"))),
        ("nghieng", ()),  # one syllable
        ("gplx", ()),  # no vowel: an abbreviation
        ("tk01", ()),
    ],
)
def test_words_typed_without_spaces_are_read_as_syllables(word, splits):
    assert syllable_splits(word) == splits


@pytest.mark.parametrize(
    ("word", "syllable"),
    [("khai", True), ("nghieng", True), ("quyen", True), ("o", True), ("khaisinh", False)],
)
def test_is_syllable(word, syllable):
    assert is_syllable(word) is syllable


def test_spelling_variants():
    assert spelling_variants("ky") == ("ky", "ki")
    assert spelling_variants("fep") == ("fep", "phep")
    assert spelling_variants("khai") == ("khai",)
