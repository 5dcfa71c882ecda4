"""Agencies: the bodies that carry out or decide procedures (Sở, UBND xã, Công an tỉnh...)."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from services_api.database import Base


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(400))
    tier: Mapped[str] = mapped_column(String(20))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
