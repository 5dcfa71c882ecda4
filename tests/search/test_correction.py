"""Spelling correction: edit distance and "did you mean" from candidate names."""

import pytest

from search.correction import did_you_mean, edit_distance
from search.query import parse_query


@pytest.mark.parametrize(
    ("a", "b", "distance"),
    [("sinh", "sihn", 1), ("sinh", "sihnn", 2), ("phep", "fep", 2), ("khai", "khai", 0)],
)
def test_edit_distance(a, b, distance):
    assert edit_distance(a, b) == distance


def test_did_you_mean():
    names = ["Thủ tục đăng ký khai sinh", "Thủ tục đăng ký kết hôn"]
    assert did_you_mean(parse_query("khaii sihnn"), names) == "khai sinh"
    assert did_you_mean(parse_query("đăng ký khai sihnn"), names) == "đăng ký khai sinh"
    assert did_you_mean(parse_query("khai sinh"), names) is None
    known = {"khaii"}.__contains__
    assert did_you_mean(parse_query("khaii sihnn"), names, known=known) == "khaii sinh"
