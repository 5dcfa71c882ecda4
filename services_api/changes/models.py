"""One change to the catalogue, as the change feed lists it."""

import datetime as dt
import enum

from sqlalchemy import JSON, BigInteger, Index, String
from sqlalchemy.orm import Mapped, mapped_column

from services_api.database import Base
from services_api.types import UTCDateTime, enum_column, utc_now


class ChangeKind(enum.StrEnum):
    """What changed; the subject is a procedure's code, or an agency's or a field's."""

    PROCEDURE_CREATED = "procedure.created"
    PROCEDURE_CHANGED = "procedure.changed"
    PROCEDURE_RESCINDED = "procedure.rescinded"  # a tombstone: the code stays in the feed
    PROCEDURE_RESTORED = "procedure.restored"
    LEVEL_CHANGED = "level.changed"
    AGENCY_CHANGED = "agency.changed"
    FIELD_CHANGED = "field.changed"


class CatalogueChange(Base):
    """A change, in the feed's order ``(generation, id)``.

    ``generation`` is the catalogue generation of the transaction that wrote it, stamped at its
    commit under the generation row's lock (``services_api.changes.recorder``): a transaction
    holding a lower generation has committed before one holding a higher is allowed to commit, so
    a reader that has seen a generation will never see a new change below it. The id alone
    would not do: a sequence hands out ids at insert, so a lower id may commit last."""

    __tablename__ = "catalogue_change"
    __table_args__ = (Index("ix_catalogue_change_position", "generation", "id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    generation: Mapped[int | None] = mapped_column(BigInteger)  # None until its commit
    kind: Mapped[ChangeKind] = mapped_column(enum_column(ChangeKind, length=40))
    subject: Mapped[str] = mapped_column(String(300), index=True)  # as agency and field codes
    data: Mapped[dict | None] = mapped_column(JSON)
    recorded_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    committed_at: Mapped[dt.datetime | None] = mapped_column(UTCDateTime)

    @property
    def position(self) -> tuple[int, int]:
        return (self.generation or 0, self.id)


CHANGE_KINDS = tuple(kind.value for kind in ChangeKind)
