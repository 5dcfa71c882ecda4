"""The search outbox: procedure changes committed to the database and not yet in the index."""

import datetime as dt

from sqlalchemy import Integer, String
from sqlalchemy.orm import Mapped, mapped_column

from services_api.database import Base
from services_api.types import UTCDateTime, utc_now


class SearchOutbox(Base):
    __tablename__ = "search_outbox"

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_code: Mapped[str] = mapped_column(String(20), index=True)
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    attempts: Mapped[int] = mapped_column(Integer, default=0)


class ZeroResultQuery(Base):
    """A normalised query that found nothing, counted so administrators can add synonyms."""

    __tablename__ = "search_zero_result"

    query: Mapped[str] = mapped_column(String(200), primary_key=True)
    count: Mapped[int] = mapped_column(Integer, default=0)
    first_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    last_seen: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
