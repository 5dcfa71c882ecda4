"""The form cell of a document row: file names glued to the end of the document's name."""

import re

_EXTENSION = r"\.(?:docx?|pdf|xlsx?|rar|zip)"
_ENDS_WITH_FILE = re.compile(rf"{_EXTENSION}$", re.IGNORECASE)
_FIRST_EXTENSION = re.compile(_EXTENSION, re.IGNORECASE)
_FILES = re.compile(rf".+?{_EXTENSION}", re.IGNORECASE)


def split_form(row: str) -> tuple[str, str | None]:
    """('Tờ khai đăng ký khai sinh', 'Mẫu TK.docx') from 'Tờ khai đăng ký khai sinhMẫu TK.docx'.
    The name ends where the text turns into a file name without a space between them; a row
    that is only a file name keeps it as its name too. Several files are joined with '; '."""
    if not _ENDS_WITH_FILE.search(row):
        return row, None
    start = _boundary(row[: _FIRST_EXTENSION.search(row).start()])
    files = (match[0].strip() for match in _FILES.finditer(row[start:]))
    return row[:start].strip() or row, "; ".join(files)


def _boundary(head: str) -> int:
    """The leftmost place where a name runs into a file name, or 0."""
    return next((i for i in range(1, len(head)) if _is_boundary(head, i)), 0)


def _is_boundary(head: str, i: int) -> bool:
    """After '.;:)' with no space ('NĐ-CP.Mau48'), a lowercase letter before a capital
    ('theo mẫuTK 1.001023'), or a capitalised word after capitals ('NĐ-CPMau16')."""
    before, char = head[i - 1], head[i]
    if before in ".;:)" and char.isalnum():
        return not (before == "." and head[i - 2 : i - 1].isdigit())  # '37.2025' is a number
    if before.islower() and char.isupper():
        return True
    following = head[i + 1 : i + 3]  # 'QĐ-TTg ngày' is no boundary: 'g ' is not a word
    return before.isupper() and char.isupper() and following.isalpha() and following.islower()
