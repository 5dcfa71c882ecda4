"""Procedures counted per maturity level: the counts of each group, and the shape every
statistic answers with (agencies, fields, the province, each period of a timeline)."""

from collections import defaultdict
from collections.abc import Iterable, Sequence

from services_api.vocabulary import LEVELS, ONLINE_LEVELS, percentages


def counts_by_group(rows: Iterable[Sequence]) -> dict:
    """``{group: {level: count}}`` from rows ``(*group, level, count)``; a group of one column
    is keyed by its value, a group of several by their tuple."""
    counts: dict = defaultdict(dict)
    for *group, level, count in rows:
        counts[group[0] if len(group) == 1 else tuple(group)][level] = count
    return counts


def level_breakdown(counts: dict[int, int]) -> dict:
    """``{procedure_count, levels: [{level, count, share}], online_rate}`` from counts by level."""
    per_level = [counts.get(level, 0) for level in LEVELS]
    total = sum(per_level)
    shares = percentages(per_level)
    online = sum(counts.get(level, 0) for level in ONLINE_LEVELS)
    return {
        "procedure_count": total,
        "levels": [
            {"level": lv, "count": c, "share": s}
            for lv, c, s in zip(LEVELS, per_level, shares, strict=True)
        ],
        "online_rate": round(100 * online / total, 1) if total else 0.0,
    }
