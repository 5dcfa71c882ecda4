"""A life event: its phrases and its procedures in the order a person does them."""

import datetime as dt

from sqlalchemy import JSON, ForeignKey, Integer, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from services_api.database import Base
from services_api.types import UTCDateTime, utc_now


class LifeEvent(Base):
    """One situation; deleting it keeps the row (``deleted_at``), so a seed never brings it back."""

    __tablename__ = "life_event"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(80), unique=True)
    name: Mapped[str] = mapped_column(String(200))
    audience: Mapped[str] = mapped_column(String(20))
    description: Mapped[str] = mapped_column(Text)
    phrases: Mapped[list] = mapped_column(JSON, default=list)
    procedure_codes: Mapped[list] = mapped_column(JSON, default=list)
    reason: Mapped[str] = mapped_column(Text)
    source: Mapped[str] = mapped_column(Text)
    version: Mapped[int] = mapped_column(Integer, default=1)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    deleted_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"))
