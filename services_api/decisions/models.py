"""A decision of the provincial People's Committee chairman (quyết định công bố), recorded once
and cited by every revision it makes; the seeded catalogue cites the decisions its records name."""

import datetime as dt

from sqlalchemy import Date, String
from sqlalchemy.orm import Mapped, mapped_column

from services_api.database import Base
from services_api.types import UTCDateTime, utc_now


class Decision(Base):
    __tablename__ = "decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    number: Mapped[str] = mapped_column(String(200), unique=True)
    # The seeded records name their decision's number only: its date is not in the source.
    date: Mapped[dt.date | None] = mapped_column(Date)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
