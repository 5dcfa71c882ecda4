"""Phonetic keys: regional spellings of one syllable share a key."""

import pytest

from search import phonetic
from search import text as vi
from search.query import parse_query


@pytest.mark.parametrize(
    ("spellings", "key"),
    [
        (("xinh", "sinh"), "xinh"),  # s/x
        (("trong", "chong", "chon", "tron"), "chon"),  # ch/tr, final n/ng
        (("lam", "nam"), "lam"),  # l/n at the start
        (("giay", "day", "ray", "vay"), "zay"),  # d/gi/r/v
        (("cat", "cac"), "cat"),  # final c/t
        (("gi", "di"), "zi"),
        (("gin", "din"), "zin"),
    ],
)
def test_regional_spellings_share_a_key(spellings, key):
    assert {phonetic.key(spelling) for spelling in spellings} == {key}


@pytest.mark.parametrize(
    ("a", "b"),
    [("nghe", "nge"), ("nhan", "lan"), ("sach", "sat"), ("anh", "an"), ("ghi", "gi")],
)
def test_other_sounds_stay_apart(a, b):
    assert phonetic.key(a) != phonetic.key(b)


def test_toned_keys_merge_hoi_and_nga_only():
    assert phonetic.toned_key("sữa") == phonetic.toned_key("sửa") == "xua3"
    assert phonetic.toned_key("bán") != phonetic.toned_key("bằng")
    assert phonetic.toned_key("ký") == phonetic.toned_key("kí")


def test_name_keys_hold_keys_tones_and_pairs():
    keys = phonetic.name_keys(vi.normalize("Đăng ký tạm trú"))
    assert keys == ["đan", "ki", "tam", "chu", "đan0", "ki1", "tam4", "chu1"] + [
        "zan_ki",
        "ki_tam",
        "tam_chu",
    ]


def test_d_with_a_stroke_is_no_v_when_marks_tell_it():
    assert phonetic.toned_key("vỉa") != phonetic.toned_key("địa")
    assert phonetic.marked_key("dịa") == phonetic.marked_key("vịa") == "zia"
    unmarked = parse_query("dia ").words[0]
    assert phonetic.heard_as(unmarked) == ["zia", "đia"]


def test_tone_variant():
    assert phonetic.tone_variant("sữa") == "sửa"
    assert phonetic.tone_variant("sửa") == "sữa"
    assert phonetic.tone_variant("bán") is None
