"""The catalogue's filters as SQL conditions, shared by listings, statistics and search fallback."""

import datetime as dt

from sqlalchemy import ColumnElement, exists, or_, select
from sqlalchemy.orm import Session

from services_api.agencies.models import Agency
from services_api.errors import InvalidParameter
from services_api.fields.models import Field
from services_api.procedures.models import (
    Channel,
    ChannelMethod,
    Procedure,
    ProcedureAgency,
    ProcedureTier,
)
from services_api.vocabulary import OnlineKind


def has_online_channel() -> ColumnElement[bool]:
    online = exists().where(
        Channel.procedure_id == Procedure.id, Channel.method == ChannelMethod.ONLINE
    )
    return or_(online, Procedure.online_service_url.is_not(None))


def catalogue_conditions(session: Session, args: dict, level=Procedure.maturity_level) -> list:
    """SQL conditions for the filters in ``args``; ``level`` is the level column to filter on
    (the current level, or the level in force on a past date)."""
    conditions = []
    if args.get("level"):
        conditions.append(level.in_(args["level"]))
    if args.get("min_level"):
        conditions.append(level >= args["min_level"])
    if args.get("kind"):
        conditions.append(level.in_(OnlineKind(args["kind"]).levels()))
    if args.get("tier"):
        conditions.append(_in_tiers(args["tier"]))
    if args.get("agency"):
        conditions.append(_of_agencies(_agency_ids(session, args["agency"])))
    if args.get("field"):
        conditions.append(Procedure.field_id.in_(_field_ids(session, args["field"])))
    if args.get("online") is not None:
        conditions.append(has_online_channel() if args["online"] else ~has_online_channel())
    if args.get("updated_since"):
        conditions.append(Procedure.updated_at >= _as_utc(args["updated_since"]))
    return conditions


def check_codes(session: Session, args: dict) -> None:
    """Refuse (422) agency or field codes in ``args`` that name nothing in the catalogue."""
    if args.get("agency"):
        _agency_ids(session, args["agency"])
    if args.get("field"):
        _field_ids(session, args["field"])


def _in_tiers(tiers) -> ColumnElement[bool]:
    return exists().where(ProcedureTier.procedure_id == Procedure.id, ProcedureTier.tier.in_(tiers))


def _of_agencies(agency_ids: list[int]) -> ColumnElement[bool]:
    implementing = exists().where(
        ProcedureAgency.procedure_id == Procedure.id, ProcedureAgency.agency_id.in_(agency_ids)
    )
    return or_(Procedure.agency_id.in_(agency_ids), implementing)


def _agency_ids(session: Session, codes: list[str]) -> list[int]:
    return _ids_of(session, Agency, codes, "agency")


def _field_ids(session: Session, codes: list[str]) -> list[int]:
    return _ids_of(session, Field, codes, "field")


def _ids_of(session: Session, model, codes: list[str], parameter: str) -> list[int]:
    found = dict(session.execute(select(model.code, model.id).where(model.code.in_(codes))).all())
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise InvalidParameter(parameter, f"Mã không tồn tại: {', '.join(unknown)}")
    return list(found.values())


def _as_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)
