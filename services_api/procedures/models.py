"""Procedures, their channels, tiers and agencies, the history of their maturity level and the
revisions of their content."""

import datetime as dt
import enum

from sqlalchemy import (
    JSON,
    BigInteger,
    CheckConstraint,
    ColumnElement,
    Date,
    ForeignKey,
    Index,
    Integer,
    String,
    Text,
    UniqueConstraint,
    literal,
    or_,
    select,
    text,
)
from sqlalchemy.orm import Mapped, mapped_column, query_expression, relationship

from services_api.agencies.models import Agency
from services_api.database import Base
from services_api.decisions.models import Decision
from services_api.fields.models import Field
from services_api.types import UTCDateTime, enum_column, utc_now
from services_api.vocabulary import LEVELS, OnlineKind, Tier


class ChannelMethod(enum.StrEnum):
    IN_PERSON = "in_person"
    ONLINE = "online"
    POST = "post"


class LevelSource(enum.StrEnum):
    DERIVED = "derived"
    AGENCY = "agency"


class ChangeVia(enum.StrEnum):
    """How a level change was made: seeded, one change through the API, or a spreadsheet."""

    SEED = "seed"
    API = "api"
    IMPORT = "import"


class Status(enum.StrEnum):
    ACTIVE = "active"
    RESCINDED = "rescinded"  # bãi bỏ: kept, with its history, out of listings and search


class RevisionKind(enum.StrEnum):
    CREATED = "created"
    CHANGED = "changed"
    RESCINDED = "rescinded"
    RESTORED = "restored"


LISTING_SORTS = (("code",), ("name", "code"), ("maturity_level", "code"), ("updated_at", "code"))
LISTING_FILTERED = (
    "id",
    "status",
    "agency_id",
    "field_id",
    "maturity_level",
    "updated_at",
    "online_service_url",
)


def listing_index(*keys: str) -> Index:
    """An index in a listing's sort order that also holds the columns its filters read."""
    held = [column for column in LISTING_FILTERED if column not in keys]
    return Index(f"ix_procedure_listing_{keys[0]}", *keys, postgresql_include=held)


class Procedure(Base):
    __tablename__ = "procedure"
    __table_args__ = (
        CheckConstraint(
            f"maturity_level BETWEEN {LEVELS[0]} AND {LEVELS[-1]}", name="maturity_level"
        ),
        # one index per sort of a listing, each holding the filtered columns: a page is ranked
        # on the index alone, and a count by date too (PostgreSQL; SQLite keeps the keys)
        *(listing_index(*keys) for keys in LISTING_SORTS),
        # counts per agency or field read from the index
        Index("ix_procedure_agency_id_maturity_level", "agency_id", "maturity_level"),
        Index("ix_procedure_field_id_maturity_level", "field_id", "maturity_level"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    code: Mapped[str] = mapped_column(String(20), unique=True)
    name: Mapped[str] = mapped_column(Text)
    decision_number: Mapped[str | None] = mapped_column(String(200))
    procedure_type: Mapped[str | None] = mapped_column(String(200))
    field_id: Mapped[int | None] = mapped_column(ForeignKey("field.id"), index=True)
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"), index=True)
    competent_agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    applicants: Mapped[str | None] = mapped_column(Text)
    steps: Mapped[str | None] = mapped_column(Text)
    documents: Mapped[list] = mapped_column(JSON, default=list)
    documents_text: Mapped[str | None] = mapped_column(Text)
    conditions: Mapped[str | None] = mapped_column(Text)
    result: Mapped[str | None] = mapped_column(Text)
    legal_basis: Mapped[list] = mapped_column(JSON, default=list)
    source_url: Mapped[str | None] = mapped_column(String(500))
    online_service_url: Mapped[str | None] = mapped_column(String(500))
    maturity_level: Mapped[int] = mapped_column(Integer, index=True)
    level_source: Mapped[LevelSource] = mapped_column(enum_column(LevelSource))
    created_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    updated_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now, onupdate=utc_now)
    version: Mapped[int] = mapped_column(Integer, nullable=False)
    status: Mapped[Status] = mapped_column(
        enum_column(Status), default=Status.ACTIVE, server_default=Status.ACTIVE.value
    )
    revision: Mapped[int] = mapped_column(Integer, default=1, server_default="1")
    # The decision of the current revision (when rescinded: the rescinding decision). No foreign
    # key: SQLite adds or drops one only by copying the table, and dropping `procedure` cascades.
    decision_id: Mapped[int | None] = mapped_column(Integer)

    decision: Mapped[Decision | None] = relationship(
        primaryjoin="foreign(Procedure.decision_id) == Decision.id", lazy="joined"
    )
    field: Mapped[Field | None] = relationship(lazy="joined")
    agency: Mapped[Agency | None] = relationship(foreign_keys=[agency_id], lazy="joined")
    competent_agency: Mapped[Agency | None] = relationship(foreign_keys=[competent_agency_id])
    tier_rows: Mapped[list["ProcedureTier"]] = relationship(
        cascade="all, delete-orphan", lazy="selectin", order_by="ProcedureTier.position"
    )
    implementing: Mapped[list["ProcedureAgency"]] = relationship(
        cascade="all, delete-orphan", order_by="ProcedureAgency.position"
    )
    channels: Mapped[list["Channel"]] = relationship(
        cascade="all, delete-orphan", order_by="Channel.position"
    )
    history: Mapped[list["MaturityChange"]] = relationship(
        cascade="all, delete-orphan", order_by="MaturityChange.id", viewonly=False
    )
    revisions: Mapped[list["ProcedureRevision"]] = relationship(
        cascade="all, delete-orphan", order_by="ProcedureRevision.number"
    )

    # read with a listing's page (``has_online_channel`` in SQL) instead of loading the channels
    listed_online: Mapped[bool | None] = query_expression()

    __mapper_args__ = {"version_id_col": version}

    @property
    def rescission(self) -> Decision | None:
        """The decision that rescinded the procedure, while it is rescinded."""
        return self.decision if self.status is Status.RESCINDED else None

    @property
    def tiers(self) -> list[str]:
        return [row.tier.value for row in self.tier_rows]

    @property
    def kind(self) -> OnlineKind:
        return OnlineKind.of_level(self.maturity_level)

    @property
    def implementing_agencies(self) -> list[Agency]:
        return [row.agency for row in self.implementing]

    @property
    def has_online_channel(self) -> bool:
        """An online channel is published, or the agency gave the online service's address."""
        if self.listed_online is not None:
            return self.listed_online
        online = any(c.method is ChannelMethod.ONLINE for c in self.channels)
        return online or bool(self.online_service_url)


class ProcedureTier(Base):
    __tablename__ = "procedure_tier"

    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), primary_key=True
    )
    tier: Mapped[Tier] = mapped_column(enum_column(Tier), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)


class ProcedureAgency(Base):
    """An agency that implements a procedure (cơ quan thực hiện), in the published order."""

    __tablename__ = "procedure_agency"

    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), primary_key=True
    )
    agency_id: Mapped[int] = mapped_column(ForeignKey("agency.id"), primary_key=True, index=True)
    position: Mapped[int] = mapped_column(Integer, default=0)

    agency: Mapped[Agency] = relationship(lazy="joined")


class Channel(Base):
    """One way to submit (cách thức thực hiện): in person, online or by post."""

    __tablename__ = "channel"
    __table_args__ = (  # the `online` filter
        Index(
            "ix_channel_online",
            "procedure_id",
            postgresql_where=text("method = 'online'"),
            sqlite_where=text("method = 'online'"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True
    )
    position: Mapped[int] = mapped_column(Integer, default=0)
    method: Mapped[ChannelMethod] = mapped_column(enum_column(ChannelMethod))
    time_value: Mapped[float | None]
    time_unit: Mapped[str | None] = mapped_column(String(100))
    time_text: Mapped[str | None] = mapped_column(Text)
    fee_vnd: Mapped[int | None] = mapped_column(BigInteger)
    fee_free: Mapped[bool] = mapped_column(default=False)
    fee_text: Mapped[str | None] = mapped_column(Text)
    note: Mapped[str | None] = mapped_column(Text)


def has_online_channel() -> ColumnElement[bool]:
    """``Procedure.has_online_channel`` in SQL. The channel is looked up for each procedure (one
    index probe, stopping at the first): a page of a listing checks a few procedures, where a
    set of every procedure with an online channel would be built whole first."""
    first_online = (
        select(literal(1))
        .where(Channel.procedure_id == Procedure.id, Channel.method == ChannelMethod.ONLINE)
        .limit(1)
        .correlate(Procedure)
        .scalar_subquery()
    )
    return or_(Procedure.online_service_url.is_not(None), first_online.is_not(None))


class MaturityChange(Base):
    """One change of a procedure's level; the seeded level is the first row of every procedure."""

    __tablename__ = "maturity_change"
    __table_args__ = (  # the procedures ever changed, which `as_of` looks up
        Index(
            "ix_maturity_change_changed",
            "procedure_id",
            postgresql_where=text("from_level IS NOT NULL"),
            sqlite_where=text("from_level IS NOT NULL"),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(
        ForeignKey("procedure.id", ondelete="CASCADE"), index=True
    )
    from_level: Mapped[int | None] = mapped_column(Integer)
    to_level: Mapped[int] = mapped_column(Integer)
    changed_by: Mapped[str] = mapped_column(String(200))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    reason: Mapped[str | None] = mapped_column(Text)
    effective_date: Mapped[dt.date] = mapped_column(Date, index=True)
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"), index=True)
    via: Mapped[ChangeVia] = mapped_column(
        enum_column(ChangeVia), default=ChangeVia.SEED, server_default=ChangeVia.SEED.value
    )

    agency: Mapped[Agency | None] = relationship(lazy="joined")


# a revision that set a status on a date: a creation by a decision, a rescission, a restoration
STATUS_SET = "kind <> 'changed' AND effective_date IS NOT NULL"


class ProcedureRevision(Base):
    """One change of a procedure's content: its number, who, when, by which decision, and what
    changed, field by field (``diff``: ``{field: {"from": old, "to": new}}``). The seeded record
    is revision 1 of every procedure, stored without a diff (its content is the seed's)."""

    __tablename__ = "procedure_revision"
    __table_args__ = (
        UniqueConstraint("procedure_id", "number"),
        # the procedures a dated revision created, rescinded or restored, which `as_of` looks up
        Index(
            "ix_procedure_revision_status",
            "procedure_id",
            postgresql_where=text(STATUS_SET),
            sqlite_where=text(STATUS_SET),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    procedure_id: Mapped[int] = mapped_column(ForeignKey("procedure.id", ondelete="CASCADE"))
    number: Mapped[int] = mapped_column(Integer)
    kind: Mapped[RevisionKind] = mapped_column(enum_column(RevisionKind))
    decision_id: Mapped[int | None] = mapped_column(ForeignKey("decision.id"), index=True)
    # the decision's date: the revision is in force from it (None: seeded, in force before all)
    effective_date: Mapped[dt.date | None] = mapped_column(Date)
    changed_by: Mapped[str] = mapped_column(String(200))
    key_id: Mapped[int | None] = mapped_column(ForeignKey("api_key.id"))
    agency_id: Mapped[int | None] = mapped_column(ForeignKey("agency.id"))
    changed_at: Mapped[dt.datetime] = mapped_column(UTCDateTime, default=utc_now)
    via: Mapped[ChangeVia] = mapped_column(enum_column(ChangeVia))
    reason: Mapped[str | None] = mapped_column(Text)
    diff: Mapped[dict | None] = mapped_column(JSON)

    decision: Mapped[Decision | None] = relationship(lazy="joined")
    agency: Mapped[Agency | None] = relationship(lazy="joined")

    @property
    def changed_fields(self) -> list[str] | None:
        """The fields this revision changed; None for the seeded record (all of them)."""
        return sorted(self.diff) if self.diff is not None else None
