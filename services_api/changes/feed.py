"""Reading the change feed: pages in commit order from an opaque cursor.

A cursor names a position ``(generation, id)``; the next page holds the changes after it.
Generations are stamped at commit, one transaction at a time (``services_api.changes.recorder``),
so no change can later appear before a position a reader has passed: reading from cursor to
cursor never skips nor repeats a change.
"""

import base64
import binascii
from dataclasses import dataclass

from sqlalchemy import select, tuple_
from sqlalchemy.orm import Session

from services_api.changes.models import CatalogueChange, ChangeKind
from services_api.errors import InvalidParameter

START = (0, 0)  # before the first change


def encode_cursor(position: tuple[int, int]) -> str:
    generation, change_id = position
    return base64.urlsafe_b64encode(f"{generation}.{change_id}".encode()).decode().rstrip("=")


def decode_cursor(cursor: str) -> tuple[int, int]:
    """The position a cursor names; a cursor this service did not write is a 422."""
    try:
        text = base64.urlsafe_b64decode(cursor + "=" * (-len(cursor) % 4)).decode("ascii")
        generation, change_id = text.split(".")
        if not (generation.isdigit() and change_id.isdigit()):
            raise ValueError(text)
        return int(generation), int(change_id)
    except (binascii.Error, UnicodeDecodeError, ValueError):
        raise InvalidParameter(
            "after", "Con trỏ không hợp lệ (dùng giá trị next đã nhận)."
        ) from None


@dataclass(frozen=True)
class FeedPage:
    changes: list[CatalogueChange]
    next: str  # the cursor to ask from next time: the last change's, or the one given
    has_more: bool


class ChangeFeed:
    """The catalogue's changes, oldest first from a cursor, or the latest ones."""

    def __init__(self, session: Session) -> None:
        self.session = session

    def page(self, after: str | None, limit: int) -> FeedPage:
        position = decode_cursor(after) if after else START
        changes = self.session.scalars(changes_after(position).limit(limit + 1)).all()
        shown = list(changes[:limit])
        last = shown[-1].position if shown else position
        return FeedPage(shown, encode_cursor(last), len(changes) > limit)

    def end(self) -> tuple[int, int]:
        """The position of the latest change committed (``START`` before any)."""
        latest = self.latest(1)
        return latest[0].position if latest else START

    def latest(self, limit: int) -> list[CatalogueChange]:
        """The ``limit`` latest changes, newest first."""
        return self.session.scalars(
            _committed()
            .order_by(CatalogueChange.generation.desc(), CatalogueChange.id.desc())
            .limit(limit)
        ).all()


def position_column():
    """A change's position ``(generation, id)``, to compare with a position in SQL."""
    return tuple_(CatalogueChange.generation, CatalogueChange.id)


def changes_after(position: tuple[int, int]):
    """The changes after ``position``, oldest first (a statement to narrow and limit)."""
    return (
        _committed()
        .where(position_column() > position)
        .order_by(CatalogueChange.generation, CatalogueChange.id)
    )


def _committed():
    return select(CatalogueChange).where(CatalogueChange.generation.is_not(None))


def is_tombstone(change: CatalogueChange) -> bool:
    """A rescission: the procedure is gone from the catalogue, its code stays in the feed."""
    return change.kind is ChangeKind.PROCEDURE_RESCINDED
