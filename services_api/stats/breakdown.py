"""Counts and shares per maturity level, the shape every statistic uses."""

from services_api.shares import percentages

LEVELS = (1, 2, 3, 4)


def level_breakdown(counts: dict[int, int]) -> dict:
    """``{procedure_count, levels: [{level, count, share}], online_rate}`` from counts by level."""
    per_level = [counts.get(level, 0) for level in LEVELS]
    total = sum(per_level)
    shares = percentages(per_level)
    return {
        "procedure_count": total,
        "levels": [
            {"level": lv, "count": c, "share": s}
            for lv, c, s in zip(LEVELS, per_level, shares, strict=True)
        ],
        "online_rate": round(100 * (per_level[2] + per_level[3]) / total, 1) if total else 0.0,
    }
