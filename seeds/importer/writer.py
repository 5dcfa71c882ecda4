"""Writes seeds/data byte for byte the same on every run: sorted keys, gzip without a timestamp."""

import gzip
import json
from pathlib import Path


def write_jsonl_gz(path: Path, records: list[dict]) -> None:
    lines = "".join(json.dumps(r, ensure_ascii=False, sort_keys=True) + "\n" for r in records)
    path.write_bytes(gzip.compress(lines.encode("utf-8"), compresslevel=9, mtime=0))


def write_json(path: Path, items: list[dict]) -> None:
    text = json.dumps(items, ensure_ascii=False, sort_keys=True, indent=1)
    path.write_text(text + "\n", encoding="utf-8")
