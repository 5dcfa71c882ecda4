"""Changing a procedure's maturity level: rules, history, the search outbox, lost races."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session
from sqlalchemy.orm.exc import StaleDataError

from search import SearchBackend
from services_api.errors import Conflict, DomainError, Forbidden
from services_api.keys.models import ApiKey
from services_api.maturity.rules import (
    Problem,
    date_problems,
    last_change_dates,
    level_problems,
    may_edit,
)
from services_api.procedures.models import ChangeVia, LevelSource, MaturityChange, Procedure
from services_api.searching import sync


class StaleRecord(DomainError):
    """The procedure changed between reading it and writing it (a lost race): 412."""

    status = 412


class InvalidChange(DomainError):
    status = 422

    def __init__(self, problems: list[Problem], location: str = "json") -> None:
        errors: dict[str, list[str]] = {}
        for problem in problems:
            errors.setdefault(problem.field, []).append(problem.message)
        super().__init__(problems[0].message, {location: errors})
        self.problems = problems


def record_change(
    session: Session,
    procedure: Procedure,
    key: ApiKey,
    change: dict,
    via: ChangeVia,
) -> MaturityChange:
    """Apply ``change`` (level, reason, effective_date) to ``procedure`` and write its history
    row; the caller has checked the rules and commits."""
    row = MaturityChange(
        procedure_id=procedure.id,
        from_level=procedure.maturity_level,
        to_level=change["level"],
        changed_by=key.name,
        agency_id=key.agency_id,
        key_id=key.id,
        reason=(change.get("reason") or "").strip() or None,
        effective_date=change["effective_date"],
        via=via,
    )
    session.add(row)
    procedure.maturity_level = change["level"]
    procedure.level_source = LevelSource.AGENCY
    return row


def commit_or_stale(session: Session, error: DomainError) -> None:
    """Commit; a lost race (the version moved under us) rolls back and raises ``error``."""
    try:
        session.commit()
    except StaleDataError:
        session.rollback()
        raise error from None


class MaturityService:
    """One level change at a time, and the history; knows nothing of HTTP.

    ``backend`` receives the change after commit (through the outbox: if the engine is down,
    the change waits there and the database stays the source of truth)."""

    def __init__(
        self, session: Session, backend: SearchBackend | None = None, today: dt.date | None = None
    ) -> None:
        self.session = session
        self.backend = backend
        self.today = today or dt.date.today()

    def authorise(self, key: ApiKey, procedure: Procedure) -> None:
        if not may_edit(key, procedure):
            raise Forbidden(f"Khóa này không được sửa thủ tục {procedure.code} của cơ quan khác")

    def change(self, procedure: Procedure, key: ApiKey, update: dict) -> Procedure:
        """Move ``procedure`` to ``update["level"]``; 403, 409 (same level), 412 (lost race)
        or 422 (a rule) otherwise, and then nothing is written."""
        self.authorise(key, procedure)
        change = {**update, "effective_date": update.get("effective_date") or self.today}
        self._check(procedure, change)
        if change.get("online_service_url"):
            procedure.online_service_url = change["online_service_url"]
        record_change(self.session, procedure, key, change, ChangeVia.API)
        sync.enqueue(self.session, [procedure.code])
        self._commit()
        self._reindex()
        self.session.refresh(procedure)
        return procedure

    def history(self, procedure: Procedure) -> list[MaturityChange]:
        statement = (
            select(MaturityChange)
            .where(MaturityChange.procedure_id == procedure.id)
            .order_by(MaturityChange.id)
        )
        return list(self.session.scalars(statement))

    def _check(self, procedure: Procedure, change: dict) -> None:
        problems = level_problems(
            procedure, change["level"], change.get("reason"), change.get("online_service_url")
        )
        if problems and problems[0].code == "same_level":
            raise Conflict(problems[0].message)
        last = last_change_dates(self.session, [procedure.id]).get(procedure.id)
        problems += date_problems(change["effective_date"], self.today, last)
        if problems:
            raise InvalidChange(problems)

    def _commit(self) -> None:
        commit_or_stale(
            self.session,
            StaleRecord("Thủ tục vừa được thay đổi bởi người khác: tải lại rồi thử lại"),
        )

    def _reindex(self) -> None:
        if self.backend is not None:
            sync.drain(self.session, self.backend)
