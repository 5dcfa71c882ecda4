"""A life event recognised in a search: its procedures first, in its order, then the engine's.

The engine is asked for the first ``page × page_size + len(event)`` hits at once, so the merged
list pages exactly (beyond the contract's largest page the event's procedures are left out of
deep pages, which then are the engine's own). Event procedures the engine did not find come
from the database, filtered like the search; facets stay the engine's.
"""

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from search.base import MAX_PAGE_SIZE
from services_api.procedures.filters import catalogue_conditions
from services_api.procedures.models import Procedure


def event_codes(session: Session, event: dict, args: dict) -> list[str]:
    """The event's procedures that pass the search's filters, in the event's order."""
    codes = event["procedures"]
    conditions = catalogue_conditions(session, args)
    statement = select(Procedure.code).where(Procedure.code.in_(codes), *conditions)
    found = set(session.scalars(statement))
    return [c for c in codes if c in found]


def window(page: int, page_size: int, extra: int) -> int | None:
    """How many engine hits to fetch from the first, or None when the page lies too deep."""
    size = page * page_size + extra
    return size if size <= MAX_PAGE_SIZE else None


def merge(
    codes: list[str],
    hits: list[dict],
    total: int,
    page: int,
    page_size: int,
    database_hits: Callable[[list[str]], dict[str, dict]],
) -> tuple[list[dict], int]:
    """The page of ``codes`` first then ``hits`` (the engine's first hits), and the new total."""
    by_code = {h["code"]: h for h in hits}
    missing = [c for c in codes if c not in by_code]
    fetched = database_hits(missing) if missing else {}
    first = [by_code.get(c) or fetched.get(c) for c in codes]
    first = [h for h in first if h is not None]
    rest = [h for h in hits if h["code"] not in set(codes)]
    merged = first + rest
    start = (page - 1) * page_size
    return merged[start : start + page_size], total + len([c for c in missing if c in fetched])
