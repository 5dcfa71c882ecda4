"""On-disk layout of the Tantivy index: schema, analyzers, generations and the writer lock.

index_dir/
  CURRENT        {"generation": "g-…", "schema_version": N}, replaced atomically
  write.lock     fcntl lock: one writer at a time across processes (gunicorn workers, CLI)
  NAMES          a counter bumped by writes that add, rename or remove procedures, so that
                 readers rebuild their in-memory name index only then (not on level changes)
  g-…/           one complete tantivy index per generation

A rebuild writes a new generation and then points CURRENT at it, so readers switch at once and
never see a half-built index; it works from any state of the folder (CURRENT unreadable or
missing, generations damaged: only the new one and a readable previous one are kept). A CURRENT
that cannot be read, or a generation whose files fail tantivy's own checksums (each segment
file ends with a footer holding the CRC-32 of its body), is IndexDamaged. When SCHEMA_VERSION
(fields, analyzers, word spelling) changes, the next writer or reader starts a new, empty
generation (and logs it): the index does not keep whole texts, so the application rebuilds it
from its database (it does when count() disagrees).
Only the first EXCERPT_CHARS characters of a text are stored, for snippets: fetching long stored
documents was the largest cost of a query at 100,000 documents.
"""

import contextlib
import fcntl
import json
import logging
import os
import shutil
import struct
import time
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path

import tantivy
from tantivy import Document, Filter, Index, SchemaBuilder, TextAnalyzerBuilder, Tokenizer

from search import issuance, phonetic
from search.base import FACETS, STORED_FIELDS
from search.errors import IndexDamaged, SearchUnavailable
from search.text import fold_chars, normalize, search_terms, shingles, unpad_numbers

SCHEMA_VERSION = 7
# The field each facet reads: its document key (search.base.FACETS), the level kept as "level".
FACET_FIELDS = FACETS | {"level": "level"}
EXCERPT_CHARS = 4000
# tantivy's file footer: JSON {"version": ..., "crc": <CRC-32 of the body>}, its length (u32
# little-endian), then this magic number (u32)
FOOTER_MAGIC = 1337
FOOTER_TAIL = struct.Struct("<II")
CHECKSUM_CHUNK = 1 << 20
log = logging.getLogger(__name__)


def analyzers() -> dict[str, tantivy.TextAnalyzer]:
    """Custom analyzers; they must be registered on every Index object, also after open()."""

    def words(*filters: Filter) -> tantivy.TextAnalyzer:
        builder = TextAnalyzerBuilder(Tokenizer.simple()).filter(Filter.remove_long(40))
        for item in (Filter.lowercase(), *filters):
            builder = builder.filter(item)
        return builder.build()

    return {
        "vi_exact": words(),
        "vi_folded": words(Filter.ascii_fold()),
        "vi_pairs": TextAnalyzerBuilder(Tokenizer.whitespace()).build(),
    }


def build_schema() -> tantivy.Schema:
    builder = SchemaBuilder()
    builder.add_text_field("code", stored=True, fast=True, tokenizer_name="raw")
    builder.add_text_field("name", stored=True, tokenizer_name="vi_exact", index_option="freq")
    builder.add_text_field("name_folded", tokenizer_name="vi_folded")
    builder.add_text_field("name_pairs", tokenizer_name="vi_pairs", index_option="freq")
    builder.add_text_field("name_phonetic", tokenizer_name="vi_pairs", index_option="freq")
    builder.add_text_field("text", tokenizer_name="vi_folded", index_option="freq")
    builder.add_text_field("text_pairs", tokenizer_name="vi_pairs", index_option="freq")
    builder.add_text_field("label", tokenizer_name="raw", index_option="basic")
    for name in ("agency", "field", "kind", "tiers"):
        builder.add_text_field(name, fast=True, tokenizer_name="raw", index_option="basic")
    builder.add_integer_field("level", indexed=True, fast=True)
    builder.add_boolean_field("online", indexed=True, fast=True)
    for kind in issuance.KINDS:  # what the name does with a paper, as a score weight
        builder.add_float_field(weight_field(kind), fast=True)
    builder.add_bytes_field("payload", stored=True)
    builder.add_bytes_field("excerpt", stored=True)
    builder.add_bytes_field("excerpt_folded", stored=True)
    return builder.build()


LABEL_SEPARATOR = "\x1f"
# Searcher.search(weight_by_field=...) multiplies a score by log2(2 + the field's value).
ISSUANCE_WEIGHT = 2**issuance.BOOST - 2


def weight_field(kind: str) -> str:
    """The field whose value multiplies the score of a procedure of this issuance kind by
    issuance.BOOST, and leaves the others' (no value) as they are."""
    return f"issuance_{kind}"


def to_tantivy(doc: dict) -> Document:
    """A clean document (see base.clean_document) as a tantivy Document."""
    name, body = normalize(doc["name"]), normalize(doc["text"])
    excerpt = body[:EXCERPT_CHARS]
    payload = {key: doc[key] for key in ("code", *STORED_FIELDS)} | {"name": name}
    indexed_name = unpad_numbers(name)  # as queries are: "09 số" is found by "9 so"
    fields = {
        "code": doc["code"],
        "name": indexed_name,
        "name_folded": indexed_name,
        "name_pairs": " ".join(shingles(search_terms(name, normalised=True))),
        "name_phonetic": " ".join(phonetic.name_keys(name)),
        "text": unpad_numbers(body),
        "text_pairs": " ".join(shingles(search_terms(body, normalised=True))),
        "label": f"{doc['code']}{LABEL_SEPARATOR}{name}",
        "tiers": list(doc["tiers"]),
        "online": doc["online"],
        "payload": json.dumps(payload, ensure_ascii=False).encode(),
        # Same length as the excerpt: snippets are found in it and cut from the excerpt.
        "excerpt": excerpt.encode(),
        "excerpt_folded": fold_chars(excerpt).encode(),
    }
    for key in ("agency", "field", "kind"):
        if doc[key]:
            fields[key] = doc[key]
    if doc["maturity_level"] is not None:
        fields["level"] = doc["maturity_level"]
    for kind in issuance.name_kinds(name):
        fields[weight_field(kind)] = ISSUANCE_WEIGHT
    return Document(**fields)


class IndexStore:
    """Generations of a tantivy index under one directory."""

    def __init__(self, root: str | os.PathLike, lock_timeout: float = 30.0):
        self.root = Path(root)
        self.lock_timeout = lock_timeout
        self.schema = build_schema()
        self._current: tuple[tuple, dict] | None = None
        self._verified: set[tuple] = set()  # files whose checksum matched, by name and stat

    @property
    def current_path(self) -> Path:
        return self.root / "CURRENT"

    def current(self) -> dict | None:
        """CURRENT's content (None when there is none); read again only when a stat() shows
        the file was replaced; IndexDamaged when it cannot be read."""
        try:
            stat = os.stat(self.current_path)
            key = (stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if self._current is None or self._current[0] != key:
                self._current = (key, _marker(self.current_path.read_text("utf-8")))
        except FileNotFoundError:
            return None
        except (OSError, ValueError) as error:
            raise IndexDamaged(f"the search index's CURRENT cannot be read: {error}") from error
        return self._current[1]

    def verify(self, generation: str) -> None:
        """IndexDamaged unless every file of the generation's committed segments matches the
        checksum in its footer; a file is read again only when its stat() changed."""
        path = self.root / generation
        try:
            meta = json.loads((path / "meta.json").read_text("utf-8"))
            segments = [s["segment_id"].replace("-", "") for s in meta["segments"]]
        except (OSError, ValueError, KeyError, TypeError) as error:
            raise IndexDamaged(f"the search index's meta.json cannot be read: {error}") from error
        for segment in segments:
            for file in path.glob(f"{segment}.*"):
                self._verify_file(file)

    def _verify_file(self, file: Path) -> None:
        try:
            stat = file.stat()
            key = (file.name, stat.st_ino, stat.st_mtime_ns, stat.st_size)
            if key in self._verified:
                return
            if not _checksum_matches(file, stat.st_size):
                raise IndexDamaged(f"search index file {file.name} fails its checksum")
        except FileNotFoundError:
            return  # merged away by a writer since meta.json was read: not part of the index
        except OSError as error:
            raise IndexDamaged(f"search index file {file.name} cannot be read: {error}") from error
        self._verified.add(key)

    def names_version(self) -> int:
        try:
            return int((self.root / "NAMES").read_text("utf-8") or 0)
        except (FileNotFoundError, ValueError):
            return 0

    def bump_names(self) -> None:
        """Record that names changed. Call with the lock held."""
        temporary = self.root / f"NAMES.{os.getpid()}.tmp"
        temporary.write_text(str(self.names_version() + 1), "utf-8")
        os.replace(temporary, self.root / "NAMES")

    def open(self, generation: str) -> Index:
        index = Index.open(str(self.root / generation))
        for name, analyzer in analyzers().items():
            index.register_tokenizer(name, analyzer)
        return index

    @contextlib.contextmanager
    def locked(self) -> Iterator[None]:
        """Hold the cross-process writer lock; SearchUnavailable after lock_timeout seconds."""
        self.root.mkdir(parents=True, exist_ok=True)
        with open(self.root / "write.lock", "a+b") as handle:
            deadline = time.monotonic() + self.lock_timeout
            while True:
                try:
                    fcntl.flock(handle, fcntl.LOCK_EX | fcntl.LOCK_NB)
                    break
                except BlockingIOError:
                    if time.monotonic() > deadline:
                        message = "the search index is locked by another writer"
                        raise SearchUnavailable(message) from None
                    time.sleep(0.02)
            try:
                yield
            finally:
                fcntl.flock(handle, fcntl.LOCK_UN)

    def ensure(self) -> dict:
        """CURRENT, creating an empty index or migrating an old schema first (takes the lock)."""
        current = self.current()
        if current and current.get("schema_version") == SCHEMA_VERSION:
            return current
        with self.locked():
            current = self.current()
            if current and current.get("schema_version") == SCHEMA_VERSION:
                return current
            if current:
                log.warning("search index schema changed: starting empty, rebuild the index")
            self.replace([])
            return self.current() or {}

    def replace(self, docs: Iterable[dict]) -> int:
        """Write docs (clean) into a new generation and publish it. Call with the lock held."""
        generation = f"g-{time.time_ns()}-{os.getpid()}"
        path = self.root / generation
        path.mkdir(parents=True)
        index = Index(self.schema, path=str(path))
        for name, analyzer in analyzers().items():
            index.register_tokenizer(name, analyzer)
        writer = index.writer(heap_size=128_000_000, num_threads=1)
        count = 0
        try:
            for doc in docs:
                writer.add_document(to_tantivy(doc))
                count += 1
            writer.commit()
        except BaseException:
            writer.rollback()
            shutil.rmtree(path, ignore_errors=True)
            raise
        finally:
            writer.wait_merging_threads()
        self.bump_names()
        self._publish(generation)
        return count

    def _publish(self, generation: str) -> None:
        try:
            previous = self.current()
        except IndexDamaged:
            previous = None  # nothing readable to keep for other processes
        if self.current_path.is_dir():  # not a file: os.replace cannot take its place
            shutil.rmtree(self.current_path)
        marker = {"generation": generation, "schema_version": SCHEMA_VERSION}
        temporary = self.root / f"CURRENT.{os.getpid()}.tmp"
        temporary.write_text(json.dumps(marker), "utf-8")
        os.replace(temporary, self.current_path)
        keep = {generation, previous and previous.get("generation")}
        for old in self.root.glob("g-*"):
            if old.name not in keep:
                # Readers in other processes may still map the previous generation's files;
                # older ones have been replaced for at least one publish.
                shutil.rmtree(old, ignore_errors=True)


def _marker(text: str) -> dict:
    """CURRENT's content, checked: a generation's name and a schema version."""
    marker = json.loads(text)
    if not (isinstance(marker, dict) and str(marker.get("generation", "")).startswith("g-")):
        raise ValueError(f"not a generation marker: {text[:80]!r}")
    return marker


def _checksum_matches(file: Path, size: int) -> bool:
    """Whether the file ends with a tantivy footer holding the CRC-32 of the bytes before it
    (read in chunks: a segment's stored texts can be large)."""
    with open(file, "rb") as handle:
        footer = _footer(handle, size)
        if footer is None:
            return False
        body_end, expected = footer
        handle.seek(0)
        crc, left = 0, body_end
        while left and (chunk := handle.read(min(left, CHECKSUM_CHUNK))):
            crc, left = zlib.crc32(chunk, crc), left - len(chunk)
        return not left and crc == expected


def _footer(handle, size: int) -> tuple[int, int] | None:
    """(where the body ends, the CRC-32 the footer holds), or None without a footer."""
    if size < FOOTER_TAIL.size:
        return None
    handle.seek(size - FOOTER_TAIL.size)
    tail = handle.read(FOOTER_TAIL.size)
    if len(tail) != FOOTER_TAIL.size:
        return None
    length, magic = FOOTER_TAIL.unpack(tail)
    body_end = size - FOOTER_TAIL.size - length
    if magic != FOOTER_MAGIC or body_end < 0:
        return None
    handle.seek(body_end)
    try:
        return body_end, json.loads(handle.read(length))["crc"]
    except (ValueError, KeyError, TypeError):
        return None
