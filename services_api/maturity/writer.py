"""The one way maturity levels change, for a single update and for a spreadsheet import alike:
judge each requested change against the rules, then write the accepted ones (history rows, the
change feed, the search outbox, one commit that a lost race rolls back whole, then the index)."""

import datetime as dt
import enum
from dataclasses import dataclass

from services_api.changes.recorder import record_change
from services_api.errors import DomainError
from services_api.keys.models import ApiKey
from services_api.maturity.rules import Problem, date_problems, last_change_dates, level_problems
from services_api.procedures.models import ChangeVia, LevelSource, MaturityChange, Procedure
from services_api.searching.writes import ProcedureWriter


class Outcome(enum.StrEnum):
    """What a requested change comes to."""

    CHANGE = "change"  # allowed: it will be written
    UNCHANGED = "unchanged"  # the level the procedure already has: nothing to write
    ERROR = "error"  # refused by a rule


@dataclass(frozen=True)
class LevelRequest:
    """One procedure to move to ``level``, as of ``effective_date``."""

    procedure: Procedure
    level: int
    reason: str | None
    effective_date: dt.date
    online_service_url: str | None = None


@dataclass(frozen=True)
class Verdict:
    """The outcome of a request, with the level rules and the date rules it breaks."""

    outcome: Outcome
    level_problems: tuple[Problem, ...] = ()
    date_problems: tuple[Problem, ...] = ()

    @property
    def problems(self) -> list[Problem]:
        return [*self.level_problems, *self.date_problems]


class LevelWriter(ProcedureWriter):
    """Judges and writes level changes; the caller has checked who may make them."""

    def last_changes(self, procedures: list[Procedure]) -> dict[int, dt.date]:
        """The effective date of each procedure's latest agency change, by procedure id."""
        return last_change_dates(self.session, [p.id for p in procedures])

    def judge(self, request: LevelRequest, last_change: dt.date | None) -> Verdict:
        procedure = request.procedure
        if request.level == procedure.maturity_level:
            return Verdict(Outcome.UNCHANGED)
        levels = level_problems(
            procedure, request.level, request.reason, request.online_service_url
        )
        dates = date_problems(request.effective_date, self.today, last_change)
        if levels or dates:
            return Verdict(Outcome.ERROR, tuple(levels), tuple(dates))
        return Verdict(Outcome.CHANGE)

    def write(
        self, requests: list[LevelRequest], key: ApiKey, via: ChangeVia, lost_race: DomainError
    ) -> None:
        """Write every request (judged ``CHANGE``) in one transaction; if a procedure changed
        meanwhile, nothing is written and ``lost_race`` is raised."""
        for request in requests:
            self._record(request, key, via)
        self._commit_then_index([r.procedure.code for r in requests], lost_race)

    def _record(self, request: LevelRequest, key: ApiKey, via: ChangeVia) -> None:
        procedure = request.procedure
        if request.online_service_url:
            procedure.online_service_url = request.online_service_url
        record_change(self.session, "level.changed", procedure.code, _level_data(request, via))
        self.session.add(
            MaturityChange(
                procedure_id=procedure.id,
                from_level=procedure.maturity_level,
                to_level=request.level,
                changed_by=key.name,
                agency_id=key.agency_id,
                key_id=key.id,
                reason=(request.reason or "").strip() or None,
                effective_date=request.effective_date,
                via=via,
            )
        )
        procedure.maturity_level = request.level
        procedure.level_source = LevelSource.AGENCY


def _level_data(request: LevelRequest, via: ChangeVia) -> dict:
    """What the change feed says of a level change."""
    return {
        "from_level": request.procedure.maturity_level,
        "to_level": request.level,
        "effective_date": request.effective_date.isoformat(),
        "via": via.value,
    }
