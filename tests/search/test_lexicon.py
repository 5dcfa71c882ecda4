"""The lexicon: stopwords, protected words and the synonym rules given to Elasticsearch."""

import re

import pytest

from search.lexicon import is_stopword, synonym_rules, synonyms
from search.text import fold, words
from seeds.loader import read_procedures

TEXT_KEYS = ("applicants", "result", "documents", "documents_text", "conditions", "steps")


@pytest.mark.parametrize("word", ["cấp", "lại", "nhận", "thay", "đổi", "nước", "ngoài", "mã", "số"])
def test_words_that_matter_are_never_stopwords(word):
    assert not is_stopword(word)
    assert not is_stopword(fold(word))


@pytest.mark.parametrize(
    ("word", "stop"),
    [
        ("của", True),
        ("cua", True),
        ("và", True),
        ("các", True),
        ("đó", True),
        ("do", False),  # could be "đỏ" (sổ đỏ) typed without marks
        ("để", True),
        ("de", False),  # could be "đề" (đề nghị)
        ("cho", False),  # could be "chợ"
    ],
)
def test_stopwords(word, stop):
    assert is_stopword(word) is stop


def test_synonym_rules_for_elasticsearch():
    folded = synonym_rules(folded=True)
    assert "gplx => gplx, giay phep lai xe" in folded
    assert "cccd => cccd, can cuoc cong dan, can cuoc, the can cuoc" in folded
    assert "ki, ky" in folded and "qui, quy" in folded
    exact = synonym_rules(folded=False)
    assert "sổ đỏ => sổ đỏ, giấy chứng nhận quyền sử dụng đất" in exact


def _catalogue() -> tuple[str, str]:
    """The seeded catalogue's names and whole texts, folded, as space-separated words."""
    names, texts = [], []
    for procedure in read_procedures():
        body = " ".join(str(procedure.get(key) or "") for key in TEXT_KEYS)
        names.append(procedure["name"])
        texts.append(f" {' '.join(words(fold(procedure['name'] + ' ' + body)))} ")
    return "\n".join(names), "\n".join(texts)


def test_every_everyday_row_is_said_by_the_catalogue_and_reversed_rows_by_its_names():
    names, texts = _catalogue()
    for entry in synonyms():
        expansion = " ".join(entry.expansion)
        if entry.kind == "colloquial":
            assert f" {' '.join(words(fold(expansion)))} " in texts, entry
        elif entry.kind == "successor":  # what names say since the law replaced the term
            assert f" {expansion} " in f" {' '.join(words(names.lower()))} ", entry
        elif len(entry.expansion) == 1 and len(entry.term) > 1:  # an abbreviation reversed
            written = re.findall(rf"(?<!\w){re.escape(expansion.upper())}(?!\w)", names)
            assert written, entry
