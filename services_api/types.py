"""Column types shared by the models: UTC timestamps, enums stored as their values, and the
range of an integer column."""

import datetime as dt
import enum

from sqlalchemy import DateTime, Enum
from sqlalchemy.types import TypeDecorator

MAX_INTEGER = 2**31 - 1  # an Integer column's range on PostgreSQL: a path past it names nothing


def utc_now() -> dt.datetime:
    return dt.datetime.now(dt.UTC)


class UTCDateTime(TypeDecorator):
    """A timezone-aware timestamp stored in UTC; SQLite, which drops the zone, reads back UTC."""

    impl = DateTime(timezone=True)
    cache_ok = True

    def process_bind_param(self, value: dt.datetime | None, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value.astimezone(dt.UTC) if value is not None else None

    def process_result_value(self, value: dt.datetime | None, dialect):
        if value is not None and value.tzinfo is None:
            value = value.replace(tzinfo=dt.UTC)
        return value


def enum_column(enum_cls: type[enum.Enum], length: int = 20) -> Enum:
    """An enum stored as its values in a plain string column (no database enum type)."""
    return Enum(
        enum_cls,
        values_callable=lambda members: [m.value for m in members],
        native_enum=False,
        length=length,
        validate_strings=True,
    )
