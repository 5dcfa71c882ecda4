"""Text clean-up shared by every parser: NFC and new-style tones, tidy spaces, absent values."""

import re

from search.text import normalize

NO_INFORMATION = "Không có thông tin"
# Zero-width characters and marks, removed (a regular expression: str.translate with a mapping
# looks up every character of the text).
_INVISIBLE = re.compile("[\u200b\u200c\u200d\u200e\u200f\ufeff]")
_BLANK_RUNS = re.compile(r"\n{3,}")


def is_absent(text: str | None) -> bool:
    """The portal writes 'Không có thông tin' where a field has no value."""
    return text is None or text.strip(" .").casefold() in {"", NO_INFORMATION.casefold()}


def clean(text: str | None) -> str | None:
    """Normalised text, spaces collapsed on each line, at most one blank line; None when absent."""
    if is_absent(text):
        return None
    text = _INVISIBLE.sub("", normalize(text)).replace("\xa0", " ").replace("\r", "")
    lines = (" ".join(line.split()) for line in text.split("\n"))
    text = _BLANK_RUNS.sub("\n\n", "\n".join(lines)).strip()
    return None if is_absent(text) else text


def clean_inline(text: str | None) -> str | None:
    """clean(), on one line: for names and table cells."""
    text = clean(text)
    return " ".join(text.split()) if text else None
