"""Question scaffolding: left out of queries, never taken from the words of real names."""

import gzip
import json
from pathlib import Path

import pytest

from search import questions
from search import text as vi
from search.query import parse_query

SEEDS = Path(__file__).resolve().parents[2] / "seeds" / "data" / "procedures.jsonl.gz"


def kept(text: str) -> list[str]:
    return [word.text for slot in parse_query(text).slots for word in slot.words]


@pytest.mark.parametrize(
    ("typed", "need"),
    [
        ("cho tôi hỏi đăng ký kết hôn cần những giấy tờ gì", "đăng ký kết hôn"),
        ("dang ky khai sinh thi lam the nao", "dang ky khai sinh thi"),
        ("lam the nao de dang ky tam tru", "de dang ky tam tru"),
        ("có phải đăng ký tạm trú không", "đăng ký tạm trú"),
        (
            "ket hon voi nguoi nuoc ngoai co can xin phep khong",
            "ket hon voi nguoi nuoc ngoai xin phep",
        ),
        ("tach thua dat mat bao nhieu tien", "tach thua dat"),
        ("lam ho chieu mat bao lau", "lam ho chieu"),
        ("đăng ký xe lần đầu ở đâu", "đăng ký xe lần đầu"),
        ("tôi muốn đăng ký hộ kinh doanh ạ", "đăng ký hộ kinh doanh"),
    ],
)
def test_the_scaffolding_of_a_question_is_left_out(typed, need):
    assert kept(typed) == need.split()


@pytest.mark.parametrize(
    ("typed", "need"),
    [
        ("lam sao y ban chinh", "lam sao y ban chinh"),  # "sao y": a certified copy
        ("bảo hiểm y tế bao lâu", "bảo hiểm y tế"),  # bảo is not bao
        ("vay von", "vay von"),  # one word only with its marks: "vay" is a loan, not "vậy"
        ("vậy", "vậy"),  # nothing would be left
        ("lam the nao", "lam the nao"),
    ],
)
def test_words_that_matter_are_kept(typed, need):
    assert kept(typed) == need.split()


def test_the_generic_words_of_names_need_not_match():
    slots = parse_query("thủ tục hồ sơ đăng ký khai sinh").slots
    assert [slot.optional for slot in slots] == [True] * 4 + [False] * 4


def test_no_catalogue_name_loses_a_word():
    names = [json.loads(line)["name"] for line in gzip.open(SEEDS, "rt", encoding="utf-8")]
    assert len(names) == 1601
    for name in names:
        for typed in (name, vi.fold(name)):
            words = vi.words(typed)[:32]
            scaffolding = questions.find(words, [vi.fold_word(word) for word in words])
            assert not scaffolding.removed, (typed, [words[i] for i in scaffolding.removed])
