"""Agencies: the bodies that carry out or decide procedures (Sở, UBND xã, Công an tỉnh...)."""

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from services_api.database import Base
from services_api.types import enum_column
from services_api.vocabulary import Tier


class Agency(Base):
    __tablename__ = "agency"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(400))
    tier: Mapped[Tier] = mapped_column(enum_column(Tier))
    parent_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
