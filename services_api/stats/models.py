"""Targets set by the province: the share of procedures to bring to a level or above."""

import datetime as dt

from sqlalchemy import CheckConstraint, Date, Float, ForeignKey, Integer
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services_api.agencies.models import Agency
from services_api.database import Base
from services_api.types import UTCDateTime, utc_now
from services_api.vocabulary import LEVELS


class MaturityTarget(Base):
    """``share`` per cent of the procedures (of one agency, or of the province when ``agency``
    is empty) should be at ``level`` or above (levels are cumulative), by ``due_date``."""

    __tablename__ = "maturity_target"
    __table_args__ = (
        CheckConstraint(f"level BETWEEN {LEVELS[0]} AND {LEVELS[-1]}", name="level"),
        CheckConstraint("share >= 0 AND share <= 100", name="share"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    level: Mapped[int] = mapped_column(Integer)
    share: Mapped[float] = mapped_column(Float)
    due_date: Mapped[dt.date | None] = mapped_column(Date)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"))
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)

    agency: Mapped[Agency | None] = relationship(lazy="joined")
