"""Legal basis (căn cứ pháp lý): rows of the flattened 'Tên văn bản | Mã văn bản' table."""

import re
import unicodedata

from seeds.importer.cleaning import clean_inline

HEADER = "Tên văn bản pháp lýMã văn bản"


def _letters(case: str) -> str:
    """Vietnamese letters of one case, for character classes: Python's re has no \\p{Lu}."""
    letters = (chr(c) for c in range(0x41, 0x1EFA) if chr(c).isalpha())
    latin = (c for c in letters if unicodedata.normalize("NFD", c)[0].isascii() or c in "Đđ")
    return "".join(c for c in latin if getattr(c, f"is{case}")())


_UPPER, _LOWER = _letters("upper"), _letters("lower")
# A number's last part ends where the next title starts: a capitalised word ('…/TT-BTCNghị định'),
# a title in capitals ('…/NĐ-CPLUẬT'), the next number ('…/QH1360/2014/QH13') or the text's end;
# after 'CP' or 'QH15' even a lowercase title ('…/NĐ-CPsửa đổi…'), as those parts are complete.
_CAPS_TITLES = "BỘ|LUẬT|NGHỊ|THÔNG|QUY|BAN|VỀ|HƯỚNG|SỬA"
# 'QH' always carries the legislature's number: '…/QH15' never ends at 'QH'.
_PART = rf"(?:TTg|(?:UBTV)?QH\d{{2}}|[{_UPPER}]+(?<![-/]QH))"
_DIGITS_AND_PARTS = rf"\d+(?:\.\d+)?(?:/\d{{4}})?/{_PART}(?:[-/]{_PART})*"
_COMPLETE_PART = r"(?:(?<=-CP)|(?<=QH\d\d))(?!ngày)"
_NEXT_TITLE = rf"\.*$|\d|(?!Tg)[{_UPPER}][{_LOWER}]|{_CAPS_TITLES}|{_COMPLETE_PART}[{_LOWER}]"
_NUMBER = re.compile(rf"{_DIGITS_AND_PARTS}(?={_NEXT_TITLE})")
_NUMBER_IN_TEXT = re.compile(rf"(?<!\d){_DIGITS_AND_PARTS}")
_GLUED_YEAR = re.compile(r"((?:19|20)\d\d)\d+[/.]")
# The crawler sometimes ran on into the next field of the page.
_NEXT_FIELD = "Cơ quan thực hiện"


def parse_legal_basis(text: str | None) -> list[dict]:
    """One entry per row; a row ends with the number glued to the next row's title. Rows whose
    number the parser cannot see keep their whole text as title, with number None."""
    body = (text or "").partition(HEADER)[2].partition(_NEXT_FIELD)[0]
    rows, start, title_start = [], 0, 0
    for match in _NUMBER.finditer(body):
        if rows and not body[start : match.start()].strip() and rows[-1]["number"] == match[0]:
            rows[-1] = _row(body[title_start:start], match[0])  # 'Lệnh 21/2014/L-CTN' + number
        else:
            title_start = start
            rows.append(_row(body[start : match.start()], match[0]))
        start = match.end()
    tail = clean_inline(body[start:])
    if tail and any(char.isalnum() for char in tail):
        rows.append({"title": tail, "number": None})
    return rows


def _row(title: str, number: str) -> dict:
    number, title = _unglue(number, title)
    return {"title": clean_inline(title) or number, "number": number}


def _unglue(number: str, title: str) -> tuple[str, str]:
    """'…ngày 29/6/2024' + '43/2024/QH15' reads as number '202443/2024/QH15': when the title
    cites a shorter number the match ends with, that one is the number; else a year that
    leads a run of more than four digits goes back to the title ('Luật Cư trú 2020')."""
    cited = [m[0] for m in _NUMBER_IN_TEXT.finditer(title) if number.endswith(m[0])]
    if cited and number not in cited:
        shortest = min(cited, key=len)
        return shortest, title + number[: -len(shortest)]
    year = _GLUED_YEAR.match(number)
    if year:
        return number[4:], title + year[1]
    return number, title
