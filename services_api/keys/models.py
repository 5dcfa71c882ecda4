"""API keys, stored as hashes, each with a role and, for editors, the agency it acts for."""

import datetime as dt
import enum

from sqlalchemy import CheckConstraint, ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from services_api.agencies.models import Agency
from services_api.database import Base
from services_api.types import UTCDateTime, enum_column, utc_now


class Role(enum.StrEnum):
    ADMIN = "admin"
    EDITOR = "editor"
    READER = "reader"


class ApiKey(Base):
    __tablename__ = "api_key"
    __table_args__ = (
        CheckConstraint("role <> 'editor' OR agency_id IS NOT NULL", name="editor_has_agency"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    role: Mapped[Role] = mapped_column(enum_column(Role))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    prefix: Mapped[str] = mapped_column(String(16))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    revoked_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    agency: Mapped[Agency | None] = relationship(lazy="joined")

    @property
    def active(self) -> bool:
        return self.revoked_at is None
