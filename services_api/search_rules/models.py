"""A search rule: a synonym (term → expansion) or a best bet (query → procedures)."""

import datetime as dt
import enum

from sqlalchemy import JSON, Enum, Integer, String, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column

from services_api.database import Base
from services_api.types import UTCDateTime, utc_now


class RuleKind(enum.StrEnum):
    SYNONYM = "synonym"
    BEST_BET = "best_bet"


class SearchRule(Base):
    """``term`` as the administrator wrote it; ``term_key`` its folded words, with
    ``target_key`` (the folded expansion, empty for a best bet) unique per kind. ``revision``
    counts the rule's edits."""

    __tablename__ = "search_rule"
    __table_args__ = (UniqueConstraint("kind", "term_key", "target_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    kind: Mapped[RuleKind] = mapped_column(
        Enum(RuleKind, native_enum=False, length=20, values_callable=lambda e: [m.value for m in e])
    )
    term: Mapped[str] = mapped_column(String(200))
    term_key: Mapped[str] = mapped_column(String(200))
    target_key: Mapped[str] = mapped_column(String(200), default="")
    expansion: Mapped[str | None] = mapped_column(String(200))
    codes: Mapped[list[str] | None] = mapped_column(JSON)
    reason: Mapped[str] = mapped_column(String(500))
    revision: Mapped[int] = mapped_column(Integer, default=1)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
