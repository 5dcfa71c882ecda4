"""Highlighting: folded matches marked and escaped, padded numbers, snippets cut around matches."""

from search.highlight import highlighter


def test_highlighter_marks_folded_matches_and_escapes():
    marker = highlighter(frozenset({"dang", "ky", "ki"}), "ke")
    assert marker.mark("Đăng KÝ <kết> hôn, kê khai") == (
        "<mark>Đăng</mark> <mark>KÝ</mark> &lt;<mark>kết</mark>&gt; hôn, <mark>kê</mark> khai"
    )


def test_highlighter_marks_padded_numbers():
    marker = highlighter(frozenset({"9", "so"}))
    marked = marker.mark("CMND 09 số, 19 số")
    assert marked == "CMND <mark>09</mark> <mark>số</mark>, 19 <mark>số</mark>"


def test_snippet_is_cut_around_the_matches():
    text = "Bước 1: nộp hồ sơ. " * 30 + "Người yêu cầu đăng ký khai sinh nộp tờ khai. " + "x " * 200
    snippet = highlighter(frozenset({"khai", "sinh"})).snippet(text, size=120)
    assert snippet.startswith("…") and snippet.endswith("…")
    assert "<mark>khai</mark> <mark>sinh</mark>" in snippet
    assert len(snippet.replace("<mark>", "").replace("</mark>", "")) <= 125
    assert highlighter(frozenset({"zzz"})).snippet("a < b", size=50) == "a &lt; b"
