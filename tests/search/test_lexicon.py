"""The lexicon: stopwords, protected words and the synonym rules given to Elasticsearch."""

import pytest

from search.lexicon import is_stopword, synonym_rules
from search.text import fold


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
    assert "cccd => cccd, can cuoc cong dan, can cuoc" in folded
    assert "ki, ky" in folded and "qui, quy" in folded
    exact = synonym_rules(folded=False)
    assert "sổ đỏ => sổ đỏ, giấy chứng nhận quyền sử dụng đất" in exact
