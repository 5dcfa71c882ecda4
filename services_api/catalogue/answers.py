"""A bounded per-process store of finished public answers, valid for one catalogue version.

The version is the catalogue generation with the day (answers about "today" change at
midnight). Versions only move forward: the first request that sees a newer one empties the
store, and an answer built under an older version is never stored nor served. The store is
bounded in bytes (bodies and headers), least recently used answers leaving first.
"""

import threading
from dataclasses import dataclass

from cachetools import LRUCache

_OVERHEAD = 200  # bytes a stored answer costs beyond its body and headers, roughly


@dataclass(frozen=True, slots=True)
class Answer:
    """A 200 answer as sent: body, headers (without per-request ones) and its ETag (unquoted)."""

    body: bytes
    headers: tuple[tuple[str, str], ...]
    etag: str

    @property
    def size(self) -> int:
        return len(self.body) + sum(len(k) + len(v) for k, v in self.headers) + _OVERHEAD


class AnswerStore:
    """Answers by request key, for the newest catalogue version seen; thread-safe."""

    def __init__(self, max_bytes: int) -> None:
        self.max_bytes = max_bytes
        self._answers: LRUCache = LRUCache(maxsize=max(1, max_bytes), getsizeof=_size)
        self._version: tuple | None = None
        self._lock = threading.Lock()

    def get(self, version: tuple, key: tuple) -> Answer | None:
        with self._lock:
            self._catch_up(version)
            return self._answers.get(key) if version == self._version else None

    def put(self, version: tuple, key: tuple, answer: Answer) -> None:
        if answer.size > self.max_bytes:
            return
        with self._lock:
            self._catch_up(version)
            if version == self._version:
                self._answers[key] = answer

    @property
    def bytes_used(self) -> int:
        return self._answers.currsize

    def __len__(self) -> int:
        return len(self._answers)

    def _catch_up(self, version: tuple) -> None:
        if self._version is None or version > self._version:
            self._answers.clear()
            self._version = version


def _size(answer: Answer) -> int:
    return answer.size
