"""The catalogue's shared words: levels 1–4 and their Decree 42 kinds, tiers, shares, codes.

The bottom of the package graph: it imports nothing from the application, and every package
that speaks of a level, a tier, a share or a procedure code takes it from here.
"""

import enum
import re

LEVELS = (1, 2, 3, 4)  # Nghị định 43/2011: online-service maturity levels
ONLINE_LEVELS = (3, 4)  # the levels that count toward the online rate


class OnlineKind(enum.StrEnum):
    """Decree 42/2022 kinds, by the working convention level 4 → full, level 3 → partial."""

    FULL = "full"
    PARTIAL = "partial"
    INFO = "info"

    @classmethod
    def of_level(cls, level: int) -> "OnlineKind":
        return {4: cls.FULL, 3: cls.PARTIAL}.get(level, cls.INFO)

    def levels(self) -> list[int]:
        return [level for level in LEVELS if OnlineKind.of_level(level) is self]


class Tier(enum.StrEnum):
    """The tier (cấp) a procedure is carried out at, and the tier of an agency."""

    MINISTRY = "ministry"
    PROVINCE = "province"
    COMMUNE = "commune"
    OTHER = "other"


TIER_NAMES = {
    Tier.MINISTRY: "Cấp bộ",
    Tier.PROVINCE: "Cấp tỉnh",
    Tier.COMMUNE: "Cấp xã",
    Tier.OTHER: "Cơ quan khác",
}


def percentages(counts: list[int], decimals: int = 1) -> list[float]:
    """Shares of ``counts`` in per cent that add up to exactly 100 (largest remainder)."""
    total = sum(counts)
    if total == 0:
        return [0.0 for _ in counts]
    scale = 100 * 10**decimals
    exact = [count * scale / total for count in counts]
    floors = [int(value) for value in exact]
    by_remainder = sorted(range(len(counts)), key=lambda i: exact[i] - floors[i], reverse=True)
    for i in by_remainder[: scale - sum(floors)]:
        floors[i] += 1
    return [value / 10**decimals for value in floors]


NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")
_PROVINCIAL_SUFFIX = ".000.00.00."


def provincial_code(national_code: str, province_code: str) -> str:
    """1.001193 → 1.001193.000.00.00.H<nn>, the code the province publishes."""
    return f"{national_code}{_PROVINCIAL_SUFFIX}{province_code}"


def national_code(code: str, province_code: str) -> str | None:
    """The national code a national or provincial code names, or None if it names none here."""
    if NATIONAL_CODE.match(code):
        return code
    national, _, rest = code.partition(_PROVINCIAL_SUFFIX)
    if rest == province_code and NATIONAL_CODE.match(national):
        return national
    return None
