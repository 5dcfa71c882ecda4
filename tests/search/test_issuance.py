"""A paper asked for the first time or again: names and queries read, and the ranking rule on
every backend (search/issuance.py)."""

import pytest

from search import SearchQuery
from search.issuance import AGAIN, FIRST, asked, name_kinds
from search.query import parse_query
from search.rules import SearchRules

FIRST_CARDS = {"1.012549", "1.014061", "1.014062"}  # Cấp thẻ căn cước cho người ...
CARD_RENEWAL = "1.014063"  # Cấp đổi thẻ căn cước
LAND_CERTIFICATE = "1.012787"  # Đăng ký, cấp Giấy chứng nhận quyền sử dụng đất ...
LAND_RENEWAL = "1.012783"  # Cấp đổi Giấy chứng nhận quyền sử dụng đất ...
BUILDING_PERMIT = "1.013225"  # Cấp giấy phép xây dựng mới ...
BUILDING_RENEWAL = "1.013228"  # Cấp lại giấy phép xây dựng ...


@pytest.mark.parametrize(
    ("name", "kinds"),
    [
        ("Cấp thẻ căn cước cho người dưới 14 tuổi (thực hiện tại cấp tỉnh)", {FIRST}),
        ("Thủ tục đăng ký khai sinh", {FIRST}),
        ("Đăng ký, cấp biển số xe lần đầu thực hiện tại cấp tỉnh, cấp xã", {FIRST}),
        ("Đăng ký thuế lần đầu đối với người nộp thuế là cá nhân", {FIRST}),
        ("Cấp lại thẻ căn cước", {AGAIN}),
        ("Cấp đổi thẻ căn cước", {AGAIN}),
        ("Đổi chứng nhận đăng ký xe, biển số xe", {AGAIN}),
        ("Gia hạn tạm trú", {AGAIN}),
        ("Thủ tục đăng ký lại khai sinh", {AGAIN}),
        ("Đăng ký thay đổi nội dung đăng ký hộ kinh doanh", {AGAIN}),
        ("Thu hồi chứng nhận đăng ký xe, biển số xe", {AGAIN}),
        # a first verb whose clause then changes the paper: a change
        (
            "Cấp chứng nhận đăng ký xe, biển số xe trong trường hợp thay đổi chủ xe "
            "(đăng ký sang tên xe)",
            {AGAIN},
        ),
        # "cấp III", "cấp tỉnh" are grades and tiers, not issuances
        ("Cấp lại giấy phép xây dựng đối với công trình cấp III, cấp IV", {AGAIN}),
        ("Cấp, cấp lại Phù hiệu cho xe ô tô", {FIRST, AGAIN}),
        ("Đăng ký, đăng ký lại, điều chỉnh đóng BHXH tự nguyện; cấp sổ BHXH", {FIRST, AGAIN}),
        ("Xóa đăng ký thường trú", set()),
        ("Đăng ký tạm ngừng kinh doanh, tiếp tục kinh doanh trước thời hạn", set()),
        ("Giải quyết hưởng chế độ tử tuất", set()),
        ("Cấp đổi Giấy chứng nhận quyền sử dụng đất", {AGAIN}),
    ],
)
def test_what_a_name_does_with_a_paper(name, kinds):
    assert name_kinds(name) == kinds


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        ("làm chứng minh thư", FIRST),
        ("lam bang lai xe", FIRST),  # "lai" typed without marks is "lái", not "lại"
        ("xin giấy phép xây dựng", FIRST),
        ("đăng ký kết hôn", FIRST),
        ("làm thế nào để đăng ký kết hôn", FIRST),  # "làm thế nào" is a question's scaffolding
        ("mất cmnd làm lại", AGAIN),
        ("cap lai bang lai", AGAIN),
        ("đổi bằng lái xe", AGAIN),
        ("gia han tam tru", AGAIN),
        ("cấp nại giấy phép", AGAIN),  # "lại" as heard (l/n)
        ("xóa đăng ký thường trú", None),  # another action
        ("bố tôi mất", None),  # a death, not a paper lost
        ("chồng mất để lại đất", None),  # "để lại": an inheritance
        ("thủ tục cấp xã", None),  # a tier
        ("thẻ căn cước", None),
    ],
)
def test_what_a_query_asks(text, kind):
    assert asked(parse_query(text)) == kind


def codes(backend, text: str, **options) -> list[str]:
    return [hit.code for hit in backend.search(SearchQuery(text=text, **options)).hits]


@pytest.mark.parametrize(
    ("text", "first", "below"),
    [
        ("làm căn cước", FIRST_CARDS, CARD_RENEWAL),
        ("làm thẻ căn cước", FIRST_CARDS, CARD_RENEWAL),
        ("cấp giấy chứng nhận quyền sử dụng đất", {LAND_CERTIFICATE}, LAND_RENEWAL),
    ],
)
def test_a_first_request_ranks_the_issuance_above_its_reissue(search_backend, text, first, below):
    found = codes(search_backend, text)
    assert set(found[: len(first)]) == first
    assert found.index(below) == len(first)  # still found, right after


@pytest.mark.parametrize(
    ("text", "first", "then"),
    [
        ("thay đổi giấy phép xây dựng", BUILDING_RENEWAL, BUILDING_PERMIT),
        ("gia hạn giấy phép xây dựng", BUILDING_RENEWAL, BUILDING_PERMIT),
        ("doi so do", LAND_RENEWAL, LAND_CERTIFICATE),
        ("đổi thẻ căn cước", CARD_RENEWAL, "1.014062"),
    ],
)
def test_a_request_again_ranks_the_reissue_first(search_backend, text, first, then):
    found = codes(search_backend, text)
    assert found[:1] == [first]
    assert then in found


def test_another_action_is_not_read_as_a_first_request(search_backend):
    assert codes(search_backend, "xóa đăng ký thường trú")[:1] == ["1.003197"]


def test_the_rule_reorders_pages_consistently_and_under_filters(search_backend):
    whole = codes(search_backend, "làm thẻ căn cước", page_size=4)
    pages = [codes(search_backend, "làm thẻ căn cước", page=p, page_size=2) for p in (1, 2)]
    assert pages[0] + pages[1] == whole
    tiers = search_backend.search(SearchQuery("làm thẻ căn cước", page_size=1)).hits[0]
    filtered = codes(search_backend, "làm thẻ căn cước", filters={"tier": tiers.document["tiers"]})
    assert filtered[0] in FIRST_CARDS


def test_a_best_bet_keeps_its_order(search_backend):
    rules = SearchRules(best_bets=[("lam the can cuoc", [CARD_RENEWAL, "1.014061"])])
    found = codes(search_backend, "làm thẻ căn cước", rules=rules)
    assert found[:2] == [CARD_RENEWAL, "1.014061"]
