"""Percentages that add up to exactly 100, by the largest-remainder method."""


def percentages(counts: list[int], decimals: int = 1) -> list[float]:
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
