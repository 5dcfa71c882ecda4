"""Vietnamese text handling shared by both search backends and the seed importer."""

import json
import re
import unicodedata
from functools import cache
from importlib import resources

_WORD = re.compile(r"\w+", re.UNICODE)


@cache
def _tone_rules() -> tuple[dict[str, str], dict[str, str]]:
    data = json.loads(resources.files("search").joinpath("data/tone_rules.json").read_text("utf-8"))
    return data["character"], data["token"]


def normalize(text: str) -> str:
    """NFC, ð→đ, and old-style tone placement rewritten to the new style (hoá→hóa, uỷ→ủy)."""
    characters, tokens = _tone_rules()
    text = unicodedata.normalize("NFC", text)
    for old, new in characters.items():
        text = text.replace(old, new)
    return _WORD.sub(lambda m: tokens.get(m.group(0), m.group(0)), text)


def fold(text: str) -> str:
    """Lowercase text without diacritics, đ folded to d: 'Đăng ký' → 'dang ky'."""
    text = normalize(text).lower().replace("đ", "d")
    decomposed = unicodedata.normalize("NFD", text)
    return "".join(c for c in decomposed if not unicodedata.combining(c))


def slugify(text: str) -> str:
    """A stable ASCII identifier for a Vietnamese name: 'Sở Tư pháp' → 'so-tu-phap'."""
    return "-".join(_WORD.findall(fold(text).replace("_", " ")))
