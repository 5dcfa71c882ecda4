"""The national crawl: read its records and keep those carried out at province or commune tier."""

import gzip
import json
from collections.abc import Iterator
from pathlib import Path

DEFAULT_SOURCE = Path("/work/shared/data/tthc-national/procedures.raw.jsonl.gz")
# The crawl's tier labels, in the order records list them.
TIER_LABELS = {
    "Cấp bộ": "ministry",
    "Cấp tỉnh": "province",
    "Cấp xã": "commune",
    "Cơ quan khác": "other",
}
LOCAL_TIERS = {"province", "commune"}


def read_records(path: Path) -> Iterator[dict]:
    with gzip.open(path, "rt", encoding="utf-8") as lines:
        for line in lines:
            yield json.loads(line)


def tiers(record: dict) -> list[str]:
    """'Cấp bộ, Cấp tỉnh' → ['ministry', 'province'], in TIER_LABELS order."""
    listed = {label.strip() for label in record["cap_thuc_hien"].split(",")}
    return [tier for label, tier in TIER_LABELS.items() if label in listed]


def is_local(record: dict) -> bool:
    return bool(LOCAL_TIERS & set(tiers(record)))
