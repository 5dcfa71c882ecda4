"""The data tables behind agency names: names that contain commas, and spellings to merge."""

# Agency names that contain a comma, so a list is never cut inside them. Matched case-
# insensitively after clean-up; longer names are tried first.
NAMES_WITH_COMMAS = (
    "Ban quản lý khu công nghiệp, khu kinh tế, khu chế xuất, khu công nghệ cao các tỉnh, thành phố",
    "Bộ Văn hóa, Thể thao và Du lịch",
    "Bộ, cơ quan ngang Bộ, cơ quan thuộc Chính phủ",
    "Bộ, cơ quan ngang Bộ",
    "Bộ, ngành và Ủy ban nhân dân tỉnh liên quan",
    "Các cơ quan, tổ chức liên quan",
    "Chi cục thuế huyện, thành phố",
    "Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương",
    "Cơ quan chuyên môn được Bộ, cơ quan ngang Bộ giao",
    "Cơ quan giải quyết bồi thường là cơ quan trực tiếp quản lý người thi hành công vụ gây thiệt"
    " hại trong hoạt động quản lý hành chính, tố tụng, thi hành án quy định từ Điều 33 đến Điều"
    " 39 của Luật TNBTCNN năm 2017 ở cấp tỉnh",
    "Cơ quan phân cấp, ủy quyền của UBND cấp tỉnh",
    "Cơ quan, tổ chức đang quản lý sổ gốc",
    "Cơ quan, tổ chức được UBND cấp tỉnh giao thẩm định, phê duyệt",
    "Cơ quan, tổ chức hỗ trợ doanh nghiệp nhỏ và vừa",
    "Cục Chất lượng, Chế biến và Phát triển thị trường - Bộ NN và MT",
    "Cục Hải quan tỉnh, thành phố",
    "Cục Quản lý Đê điều và Phòng, Chống thiên tai - Bộ NN và MT",
    "Cục Quản lý, giám sát tổ chức tín dụng",
    "Cục cảnh sát phòng cháy, chữa cháy và cứu nạn cứu hộ",
    "Cục cảnh sát quản lý hành chính về trật tự, xã hội",
    "Ngân hàng Nhà nước Chi nhánh tỉnh, thành phố trực thuộc Trung ương",
    "Phòng Cảnh sát phòng cháy, chữa cháy và cứu nạn, cứu hộ TP HCM",
    "Sở Tài chính các tỉnh, thành phố",
    "Thi hành án dân sự tỉnh, thành phố",
    "Thuế tỉnh, thành phố",
    "Tòa án nhân dân tỉnh, thành phố trực thuộc trung ương",
    "Ủy ban nhân dân cấp xã, phường, thị trấn",
    "Ủy ban nhân dân xã, phường, thị trấn",
)

# Canonical name ← other spellings of the same agency. Differences of case, spacing, tone
# placement and trailing dots merge on their own (the code is the slug); these do not.
SAME_AGENCY = {
    "Công an tỉnh": ("Công an cấp tỉnh",),
    "Công an cấp xã": (),
    "Ủy ban nhân dân cấp tỉnh": ("Ủy ban nhân dân tỉnh và thành phố trực thuộc trung ương",),
    "Chủ tịch Ủy ban nhân dân cấp tỉnh": (
        "Chủ tịch Ủy ban nhân dân tỉnh, thành phố trực thuộc trung ương",
    ),
    "Ủy ban nhân dân cấp xã": (
        "Ủy ban nhân dân cấp xã, phường, thị trấn",
        "Ủy ban nhân dân xã, phường, thị trấn",
        "UBND cấp xã",
    ),
    "Chủ tịch Ủy ban nhân dân cấp xã": ("Chủ tịch UBND cấp xã", "Chủ tịch Ủy ban nhân dân xã"),
    "Hội đồng nhân dân cấp tỉnh": ("Hội đồng nhân dân tỉnh",),
    "Bảo hiểm xã hội cấp tỉnh": ("Bảo hiểm xã hội tỉnh",),
    "Sở Xây dựng": (),
    "Văn phòng đăng ký đất đai": (),
}
