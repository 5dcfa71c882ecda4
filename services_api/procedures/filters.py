"""The catalogue's filters as SQL conditions, shared by listings, statistics and search fallback."""

import datetime as dt

from sqlalchemy import ColumnElement, exists, or_, select, union
from sqlalchemy.orm import Session, aliased

from services_api.agencies.models import Agency
from services_api.catalogue.counts import ProcedureCount, tier_mask
from services_api.errors import InvalidParameter
from services_api.fields.models import Field
from services_api.procedures.as_of import status_column
from services_api.procedures.models import (
    Procedure,
    ProcedureAgency,
    ProcedureTier,
    Status,
    has_online_channel,
)
from services_api.vocabulary import OnlineKind

ALL_STATUSES = "all"
STATUS_CHOICES = (Status.ACTIVE.value, Status.RESCINDED.value, ALL_STATUSES)
FEW = 2_000  # procedures a list page can find by id and sort faster than along an index
_IDS = "catalogue_codes"  # session.info: ids of agency and field codes already looked up


def catalogue_conditions(
    session: Session,
    args: dict,
    level=Procedure.maturity_level,
    few: bool = False,
    status=None,
) -> list:
    """SQL conditions for the filters in ``args``; ``level`` is the level column to filter on
    (the current level, or the level in force on a past date). Only active procedures unless
    ``args["status"]`` asks for rescinded ones or all; with ``args["as_of"]``, by the status in
    force on that date (and only those published by then), unless ``status`` gives the status
    column to read. ``few``: the filters are known to select few procedures (at most ``FEW``),
    which are then best found first and sorted."""
    status = status_column(args.get("as_of")) if status is None else status
    conditions = status_conditions(args.get("status"), status) + _level_conditions(args, level)
    if args.get("tier"):
        conditions.append(_in_tiers(args["tier"]))
    if args.get("agency"):
        conditions.append(_of_agencies(_agency_ids(session, args["agency"]), few))
    if args.get("field"):
        conditions.append(Procedure.field_id.in_(_field_ids(session, args["field"])))
    if args.get("online") is not None:
        conditions.append(has_online_channel() if args["online"] else ~has_online_channel())
    if args.get("updated_since"):
        conditions.append(Procedure.updated_at >= _as_utc(args["updated_since"]))
    return conditions


def count_conditions(session: Session, args: dict) -> list | None:
    """The same filters as conditions on the counts kept per group (``ProcedureCount``): summed,
    the rows they select count the procedures ``catalogue_conditions`` select with today's
    statuses (on an ``as_of`` date, ``as_of.status_moves`` gives the difference). None when
    the counts cannot tell: a date (``updated_since``, or levels on an ``as_of`` date) or
    several agencies (a procedure may be counted under more than one), or rescinded procedures
    (the counts are of active ones)."""
    agencies = set(args.get("agency") or ())
    dated_levels = args.get("as_of") and _level_conditions(args, ProcedureCount.maturity_level)
    rescinded = (args.get("status") or Status.ACTIVE.value) != Status.ACTIVE.value
    if args.get("updated_since") or dated_levels or len(agencies) > 1 or rescinded:
        return None
    conditions = _level_conditions(args, ProcedureCount.maturity_level)
    if args.get("tier"):
        conditions.append(ProcedureCount.tiers.op("&")(tier_mask(args["tier"])) != 0)
    if agencies:
        conditions.append(ProcedureCount.agency_id.in_(_agency_ids(session, list(agencies))))
    else:  # each procedure once, under its primary agency
        conditions.append(ProcedureCount.implementing.is_(False))
    if args.get("field"):
        conditions.append(ProcedureCount.field_id.in_(_field_ids(session, args["field"])))
    if args.get("online") is not None:
        conditions.append(ProcedureCount.online.is_(bool(args["online"])))
    return conditions


def _level_conditions(args: dict, level) -> list:
    conditions = []
    if args.get("level"):
        conditions.append(level.in_(args["level"]))
    if args.get("min_level"):
        conditions.append(level >= args["min_level"])
    if args.get("kind"):
        conditions.append(level.in_(OnlineKind(args["kind"]).levels()))
    return conditions


def status_conditions(status: str | None, column=Procedure.status) -> list[ColumnElement[bool]]:
    """Active procedures (the default), rescinded ones, or all of them; ``column`` is the status
    to filter on (the current one, or the one in force on a past date: None for procedures not
    yet published, which no status selects)."""
    if status == ALL_STATUSES:
        return [] if column is Procedure.status else [column.is_not(None)]
    return [column == Status(status or Status.ACTIVE)]


def check_codes(session: Session, args: dict) -> None:
    """Refuse (422) agency or field codes in ``args`` that name nothing in the catalogue."""
    if args.get("agency"):
        _agency_ids(session, args["agency"])
    if args.get("field"):
        _field_ids(session, args["field"])


def _in_tiers(tiers) -> ColumnElement[bool]:
    return exists().where(ProcedureTier.procedure_id == Procedure.id, ProcedureTier.tier.in_(tiers))


def _of_agencies(agency_ids: list[int], few: bool) -> ColumnElement[bool]:
    implementing = ProcedureAgency.agency_id.in_(agency_ids)
    if few:  # the agencies' procedures read from both indexes, then sorted: a few rows
        primary = aliased(Procedure)
        of_primary = select(primary.id).where(primary.agency_id.in_(agency_ids))
        of_implementing = select(ProcedureAgency.procedure_id).where(implementing)
        return Procedure.id.in_(union(of_primary, of_implementing))
    # checked on each procedure along the sort's index: many match, the first page comes soon
    listed = exists().where(ProcedureAgency.procedure_id == Procedure.id, implementing)
    return or_(Procedure.agency_id.in_(agency_ids), listed)


def _agency_ids(session: Session, codes: list[str]) -> list[int]:
    return _ids_of(session, Agency, codes, "agency")


def _field_ids(session: Session, codes: list[str]) -> list[int]:
    return _ids_of(session, Field, codes, "field")


def _ids_of(session: Session, model, codes: list[str], parameter: str) -> list[int]:
    # codes found name the same rows for the session's life: a listing looks them up once
    known = session.info.setdefault(_IDS, {})
    key = (model.__tablename__, tuple(codes))
    found = known.get(key)
    if found is None:
        lookup = select(model.code, model.id).where(model.code.in_(codes))
        found = dict(session.execute(lookup).all())
    unknown = sorted(set(codes) - set(found))
    if unknown:
        raise InvalidParameter(parameter, f"Mã không tồn tại: {', '.join(unknown)}")
    known[key] = found
    return list(found.values())


def _as_utc(value: dt.datetime) -> dt.datetime:
    if value.tzinfo is None:
        return value.replace(tzinfo=dt.UTC)
    return value.astimezone(dt.UTC)
