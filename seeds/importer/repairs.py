"""Fields the crawler cut at the wrong label, read again from the page text (raw_text)."""

# Each agency field, with the field the page shows just before it and the label after it.
# The crawler took the first occurrence of a label anywhere on the page, so a procedure whose
# name or steps contain 'Cơ quan thực hiện' got a paragraph of steps as its agency.
_BOUNDS = {
    "co_quan_co_tham_quyen": (
        "doi_tuong_thuc_hien",
        "Cơ quan có thẩm quyền",
        "Địa chỉ tiếp nhận HS",
    ),
    "co_quan_thuc_hien": ("can_cu_phap_ly", "Cơ quan thực hiện", "Yêu cầu, điều kiện thực hiện"),
}


def reread(record: dict, key: str) -> str:
    """The field as the page shows it between its label and the next one, found right after
    the previous field's value; the crawled value when that anchor is not in the page text."""
    previous, label, following = _BOUNDS[key]
    page = record.get("raw_text") or ""
    anchor = record[previous] + label
    start = page.find(anchor)
    end = page.find(following, start + len(anchor))
    if start < 0 or end < 0:
        return record[key]
    return page[start + len(anchor) : end]
