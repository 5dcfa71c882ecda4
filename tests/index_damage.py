"""The ways a Tantivy index folder gets damaged under a service, for the repair tests: the
folder deleted, CURRENT or the generation's meta.json garbled, a segment file overwritten in
place with random bytes (its readers map the file: they read the garbage)."""

import json
import random
import shutil
from pathlib import Path


def generation_dir(index_dir: Path) -> Path:
    return index_dir / json.loads((index_dir / "CURRENT").read_text())["generation"]


def delete_folder(index_dir: Path) -> None:
    shutil.rmtree(index_dir)


def garble_current(index_dir: Path) -> None:
    (index_dir / "CURRENT").write_text('{"generation": "g-')


def garble_meta(index_dir: Path) -> None:
    (generation_dir(index_dir) / "meta.json").write_text("{not json")


def overwrite_segment(index_dir: Path) -> None:
    """The largest segment file, overwritten in place (same inode, same length)."""
    files = [f for f in generation_dir(index_dir).iterdir() if f.suffix not in ("", ".json")]
    largest = max(files, key=lambda f: f.stat().st_size)
    size = largest.stat().st_size
    with open(largest, "r+b") as handle:
        handle.write(random.Random(size).randbytes(size))


DAMAGES = {
    "deleted folder": delete_folder,
    "garbled CURRENT": garble_current,
    "garbled meta.json": garble_meta,
    "overwritten segment": overwrite_segment,
}
