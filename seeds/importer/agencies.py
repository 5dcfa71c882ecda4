"""Agencies named by procedures: lists split, spellings merged, codes, tiers and parents."""

import re
from collections import Counter, defaultdict

from search.text import normalize, slugify
from seeds.importer.agency_names import NAMES_WITH_COMMAS, SAME_AGENCY
from seeds.importer.cleaning import is_absent

TIERS = ("ministry", "province", "commune", "other")
# First rule that matches wins; 'xã hội' is 'social', not the commune.
_TIER_RULES = (
    ("ministry", re.compile(r"^(?:bộ(?! phận)|cục|tổng cục)\b| - (?:bộ|cục)\b")),
    ("commune", re.compile(r"\bxã\b(?! hội)")),
    ("province", re.compile(r"^sở\b|\btỉnh\b")),
)


def tidy(name: str) -> str:
    """One spelling per name: normalised, single spaces, no trailing dots."""
    return " ".join(normalize(name).replace("\xa0", " ").split()).strip(" .;,")


_KNOWN = "|".join(re.escape(tidy(n)) for n in sorted(NAMES_WITH_COMMAS, key=len, reverse=True))
_ITEM = re.compile(rf"\s*((?:{_KNOWN})(?=\.?\s*(?:,|$))|[^,]+)(?:,|$)", re.IGNORECASE)
_CANONICAL = {
    slugify(name): canon for canon, names in SAME_AGENCY.items() for name in (canon, *names)
}


def split_agencies(text: str | None) -> list[str]:
    """'Công an tỉnh, Cục cảnh sát quản lý hành chính về trật tự, xã hội' → two names."""
    if is_absent(text):
        return []
    names = (tidy(match[1]) for match in _ITEM.finditer(tidy(text)))
    return [name for name in names if name]


def canonical(name: str) -> str:
    return _CANONICAL.get(slugify(name), name)


def tier_of(name: str) -> str:
    lowered = name.lower()
    return next((tier for tier, rule in _TIER_RULES if rule.search(lowered)), "other")


class AgencyRegistry:
    """Every agency the procedures name, under one code per agency: slugify(canonical name)."""

    def __init__(self) -> None:
        self._spellings: dict[str, Counter] = defaultdict(Counter)

    def codes(self, text: str | None) -> list[str]:
        """The codes of the agencies a field lists, in order, each once."""
        return list(dict.fromkeys(map(self._register, split_agencies(text))))

    def first_code(self, text: str | None) -> str | None:
        """The code of the first agency a field lists; the others are not registered."""
        names = split_agencies(text)
        return self._register(names[0]) if names else None

    def _register(self, name: str) -> str:
        name = canonical(name)
        self._spellings[slugify(name)][name] += 1
        return slugify(name)

    def agencies(self) -> list[dict]:
        names = {code: _most_used(spellings) for code, spellings in self._spellings.items()}
        return [_agency(code, name, names) for code, name in sorted(names.items())]


def parent_of(name: str, codes: set[str]) -> str | None:
    """A unit named after another listed agency: 'Cục Hải quan - Bộ tài chính' → 'bo-tai-chinh',
    'Văn phòng Sở Xây dựng' → 'so-xay-dung'. None unless the name shows it."""
    _, dash, after = name.rpartition(" - ")
    if dash and slugify(canonical(after)) in codes:
        return slugify(canonical(after))
    slug = slugify(name)
    # 'Hải quan khu vực/ hải quan cửa khẩu' is two agencies, not a unit of the second
    inside = [code for code in codes if slug.endswith(f"-{code}") and "/" not in name]
    return max(inside, key=len) if inside else None


def _agency(code: str, name: str, names: dict[str, str]) -> dict:
    parent = parent_of(name, set(names) - {code})
    tier = tier_of(name)
    if tier == "other" and parent:
        tier = tier_of(names[parent])  # 'Văn phòng Sở Xây dựng' works at its Sở's tier
    return {"code": code, "name": name, "tier": tier, "parent": parent}


def _most_used(spellings: Counter) -> str:
    return min(spellings.items(), key=lambda item: (-item[1], item[0]))[0]
