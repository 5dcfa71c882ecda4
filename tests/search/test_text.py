"""Vietnamese normalisation, folding, i/y spellings, numbers and shingles, over real names."""

import pytest

from search.text import (
    canonical,
    fold,
    fold_chars,
    iy_variant,
    normalize,
    search_terms,
    shingles,
    slugify,
    unpad_numbers,
    words,
)


@pytest.mark.parametrize(
    ("raw", "normalized"),
    [
        ("Xét trợ cấp ... chất độc hoá học", "Xét trợ cấp ... chất độc hóa học"),
        ("nuôi trồng thuỷ sản", "nuôi trồng thủy sản"),
        ("Chủ tịch Uỷ ban nhân dân", "Chủ tịch Ủy ban nhân dân"),
        ("Hoà giải tranh chấp đất đai", "Hòa giải tranh chấp đất đai"),
        ("ðăng ký", "đăng ký"),  # eth typed for đ
        ("Đăng ký kết hôn", "Đăng ký kết hôn"),  # decomposed (NFD) input
    ],
)
def test_normalize(raw, normalized):
    import unicodedata

    assert normalize(unicodedata.normalize("NFD", raw)) == normalized


@pytest.mark.parametrize(
    ("raw", "folded"),
    [
        ("Đăng ký khai sinh", "dang ky khai sinh"),
        ("Cấp lại Giấy phép lái xe", "cap lai giay phep lai xe"),
        (
            "Thẩm định thiết kế về phòng cháy chữa cháy",
            "tham dinh thiet ke ve phong chay chua chay",
        ),
        ("hoá đơn", "hoa don"),
        ("ĐĂNG KÝ THƯỜNG TRÚ", "dang ky thuong tru"),
    ],
)
def test_fold(raw, folded):
    assert fold(raw) == folded
    assert fold_chars(normalize(raw).lower()) == folded


def test_fold_chars_keeps_offsets():
    name = "Cấp Phiếu Lý lịch tư pháp – “số 1”"
    assert len(fold_chars(name)) == len(name)


def test_slugify():
    assert slugify("Sở Tư pháp") == "so-tu-phap"
    assert slugify("Đất đai") == "dat-dai"


@pytest.mark.parametrize(
    ("word", "variant", "spelled"),
    [
        ("ký", "kí", "kí"),
        ("kí", "ký", "kí"),
        ("sỹ", "sĩ", "sĩ"),
        ("lý", "lí", "lí"),
        ("mỹ", "mĩ", "mĩ"),
        ("ky", "ki", "ki"),
        ("quý", "qúi", "quý"),
        ("qui", "quy", "quy"),
        ("huy", None, "huy"),  # u+y is a diphthong, not a variant
        ("tuy", None, "tuy"),
        ("khai", None, "khai"),
    ],
)
def test_i_and_y(word, variant, spelled):
    assert iy_variant(word) == (variant and normalize(variant))
    assert canonical(word) == normalize(spelled)


@pytest.mark.parametrize(
    ("raw", "unpadded"),
    [
        ("Xác nhận số chứng minh nhân dân 09 số", "Xác nhận số chứng minh nhân dân 9 số"),
        ("trước ngày 01/01/1945", "trước ngày 1/1/1945"),
        ("0 đồng, 10 ngày, 007", "0 đồng, 10 ngày, 7"),
        ("mẫu TK01, 0A", "mẫu TK01, 0A"),  # zeros inside a word or before a letter stay
    ],
)
def test_numbers_are_unpadded(raw, unpadded):
    assert unpad_numbers(raw) == unpadded
    assert words(raw) == words(unpadded)
    assert search_terms(raw) == search_terms(unpadded)


def test_shingles_are_canonical():
    assert shingles(search_terms("Đăng ký kết hôn")) == ["dang_ki", "ki_ket", "ket_hon"]
    assert search_terms("Đăng Kí", normalised=True) == search_terms("đăng ký")
