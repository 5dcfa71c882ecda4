"""Fields (lĩnh vực) that group procedures: Hộ tịch, Đất đai, Đường bộ..."""

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from services_api.database import Base


class Field(Base):
    __tablename__ = "field"

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(300), unique=True)
    name: Mapped[str] = mapped_column(String(400))
