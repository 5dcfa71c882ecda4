"""Documents (thành phần hồ sơ): rows of the flattened 'Tên giấy tờ | Mẫu | Số lượng' table."""

import re
from collections.abc import Iterator

from seeds.importer.cleaning import clean_inline
from seeds.importer.forms import split_form

HEADER = "Tên giấy tờMẫu đơn, tờ khaiSố lượng"
# The count cell is '1 bản chính' or '0 bản chính,1 bản sao', one digit of originals: digits
# before it belong to the name ('theo Mẫu số 13' + '1 bản chính'). In names the same words
# are followed by a space, punctuation or the real count ('(01 bản chính hoặc…',
# ': 01 bản chính1 bản chính').
_QUANTITY = re.compile(r"\d bản chính(?:,\d+ bản sao)?(?=$|[^\s;.,:)])(?!\d+ bản)")


def parse_documents(text: str | None) -> list[dict]:
    """Every row of every table in the text. Headings between tables ('* Giấy tờ phải xuất
    trình:') are not documents; they stay in documents_text."""
    sections = (text or "").split(HEADER)[1:]
    return [row for section in sections for row in _rows(section)]


def unparsed_tail(text: str | None) -> str | None:
    """Text after the last count of the last table: nothing, or what the parser could not place."""
    sections = (text or "").split(HEADER)
    if len(sections) < 2:
        return None
    last = sections[-1]
    ends = [m.end() for m in _QUANTITY.finditer(last)]
    return clean_inline(last[ends[-1] if ends else 0 :])


def _rows(section: str) -> Iterator[dict]:
    start = 0
    for match in _QUANTITY.finditer(section):
        row = clean_inline(section[start : match.start()])
        start = match.end()
        if row:
            name, form = split_form(row)
            yield {"name": name.strip(), "form": form, "quantity": match[0]}
