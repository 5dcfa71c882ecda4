"""Agency lists from real co_quan_thuc_hien / co_quan_co_tham_quyen values of the national crawl."""

import pytest

from seeds.importer.agencies import AgencyRegistry, parent_of, split_agencies, tier_of


@pytest.mark.parametrize(
    ("text", "names"),
    [
        ("Không có thông tin", []),
        ("", []),
        (
            "Cục cảnh sát quản lý hành chính về trật tự, xã hội, Công an tỉnh",
            ["Cục cảnh sát quản lý hành chính về trật tự, xã hội", "Công an tỉnh"],
        ),
        (
            "Sở Tài chính các tỉnh, thành phố, Ban quản lý khu công nghiệp, khu kinh tế, khu chế"
            " xuất, khu công nghệ cao các tỉnh, thành phố",
            [
                "Sở Tài chính các tỉnh, thành phố",
                "Ban quản lý khu công nghiệp, khu kinh tế, khu chế xuất, khu công nghệ cao các"
                " tỉnh, thành phố",
            ],
        ),
        (  # nbsp, old tone placement, trailing dot
            "Ủy ban Nhân dân\xa0tỉnh\xa0và\xa0thành phố trực thuộc trung ương., Bộ, cơ quan ngang"
            " Bộ, cơ quan thuộc Chính phủ",
            [
                "Ủy ban Nhân dân tỉnh và thành phố trực thuộc trung ương",
                "Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ",
            ],
        ),
        (
            "Uỷ ban Nhân dân cấp xã, phường, thị trấn, Sở Xây dựng",
            ["Ủy ban Nhân dân cấp xã, phường, thị trấn", "Sở Xây dựng"],
        ),
    ],
)
def test_split_agencies(text, names):
    assert split_agencies(text) == names


@pytest.mark.parametrize(
    ("spellings", "code"),
    [
        (["Công an tỉnh", "Công an cấp Tỉnh", "Công An Tỉnh"], "cong-an-tinh"),
        (
            [
                "Uỷ ban Nhân dân cấp xã, phường, thị trấn",
                "Ủy ban Nhân dân\xa0xã,\xa0phường,\xa0thị trấn.",
                "UBND cấp xã",
                "Ủy ban nhân dân cấp xã",
            ],
            "uy-ban-nhan-dan-cap-xa",
        ),
        (
            ["Chủ tịch UBND cấp xã", "Chủ tịch Ủy ban nhân dân xã"],
            "chu-tich-uy-ban-nhan-dan-cap-xa",
        ),
        (["Văn phòng Đăng ký đất đai", "Văn phòng đăng ký đất đai"], "van-phong-dang-ky-dat-dai"),
    ],
)
def test_spellings_of_one_agency_share_a_code(spellings, code):
    registry = AgencyRegistry()
    assert {c for s in spellings for c in registry.codes(s)} == {code}
    assert len(registry.agencies()) == 1


def test_registry_names_each_agency_once_in_order():
    registry = AgencyRegistry()
    codes = registry.codes("Công an tỉnh, Cục cảnh sát giao thông, Công an cấp Tỉnh")
    assert codes == ["cong-an-tinh", "cuc-canh-sat-giao-thong"]
    assert registry.agencies()[0] == {
        "code": "cong-an-tinh",
        "name": "Công an tỉnh",
        "tier": "province",
        "parent": None,
    }


@pytest.mark.parametrize(
    ("name", "tier"),
    [
        ("Bộ Công an", "ministry"),
        ("Cục quản lý xuất nhập cảnh", "ministry"),
        ("Ủy ban Chứng khoán Nhà nước - Bộ tài chính", "ministry"),
        ("Sở Tư pháp", "province"),
        ("Công an tỉnh", "province"),
        ("Bảo hiểm xã hội cấp tỉnh", "province"),
        ("Ủy ban nhân dân cấp xã", "commune"),
        ("UBND cấp xã - tỉnh Quảng Trị", "commune"),
        ("Bảo hiểm xã hội Việt Nam", "other"),  # 'xã hội' is not the commune
        ("Bộ phận Một cửa Sở Xây dựng", "other"),  # not a Bộ; takes its Sở's tier in agencies()
        ("Chi cục Hải quan khu vực", "other"),
    ],
)
def test_tier_of(name, tier):
    assert tier_of(name) == tier


@pytest.mark.parametrize(
    ("name", "parent"),
    [
        ("Văn phòng Sở Xây dựng", "so-xay-dung"),
        ("Bộ phận Một cửa Sở Xây dựng", "so-xay-dung"),
        ("Chi nhánh Văn phòng đăng ký đất đai", "van-phong-dang-ky-dat-dai"),
        ("Cục Hải quan - Bộ tài chính", "bo-tai-chinh"),
        ("Sở Xây dựng - tỉnh Quảng Ninh", None),  # 'tỉnh Quảng Ninh' is no agency
        ("Hải quan khu vực/ hải quan cửa khẩu", None),
        ("Sở Tư pháp", None),
    ],
)
def test_parent_of(name, parent):
    codes = {"so-xay-dung", "van-phong-dang-ky-dat-dai", "bo-tai-chinh", "hai-quan-cua-khau"}
    assert parent_of(name, codes) == parent


def test_unit_takes_its_parent_tier():
    registry = AgencyRegistry()
    registry.codes("Văn phòng Sở Xây dựng, Sở Xây dựng")
    assert [a["tier"] for a in registry.agencies()] == ["province", "province"]
