"""Checking every row of a spreadsheet, then applying all its changes in one transaction."""

import datetime as dt
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from services_api.imports.reading import SheetRow, parse_level
from services_api.imports.runs import FileRefused, lost_race, settle
from services_api.keys.models import ApiKey
from services_api.maturity.rules import BAD_LEVEL, Problem, may_edit
from services_api.maturity.writer import LevelRequest, LevelWriter, Outcome, Verdict
from services_api.procedures.models import ChangeVia, Procedure
from services_api.vocabulary import national_code


class ImportRefused(FileRefused):
    """A real run with rows in error."""

    in_error = "error_count"
    message_template = (
        "{} dòng có lỗi: không thay đổi nào được ghi. Sửa các dòng trong báo cáo rồi gửi lại."
    )


class ImportService:
    """Validates every row first (a dry run stops there) and, in a real run, applies all the
    changes in one transaction with one history row each; any row in error refuses the file.
    Rows asking for the level a procedure already has are reported as unchanged and skipped."""

    def __init__(self, session: Session, province_code: str, writer: LevelWriter) -> None:
        self.session = session
        self.province_code = province_code
        self.writer = writer

    def run(
        self, rows: list[SheetRow], key: ApiKey, dry_run: bool, effective_date: dt.date | None
    ) -> dict:
        effective_date = effective_date or self.writer.today
        checked = self._check(rows, key, effective_date)
        report = _report(checked, effective_date)
        return settle(report, dry_run, ImportRefused, partial(self._apply, checked, key))

    def _check(self, rows: list[SheetRow], key: ApiKey, effective_date: dt.date) -> list[dict]:
        codes = [national_code(row.code, self.province_code) or row.code for row in rows]
        procedures = self._procedures(set(codes))
        last_changes = self.writer.last_changes(list(procedures.values()))
        first_row: dict[str, int] = {}
        checked = []
        for row, code in zip(rows, codes, strict=True):
            procedure = procedures.get(code)
            level = parse_level(row.level)
            problems = _row_problems(row, procedure, level, key, first_row.get(code))
            request = None
            if problems:
                verdict = Verdict(Outcome.ERROR, tuple(problems))
            else:
                request = LevelRequest(procedure, level, row.reason, effective_date)
                verdict = self.writer.judge(request, last_changes.get(procedure.id))
            if procedure is not None:
                first_row.setdefault(code, row.number)
            checked.append(_checked(row, code, procedure, level, verdict, request))
        return checked

    def _procedures(self, codes: set[str]) -> dict[str, Procedure]:
        statement = (
            select(Procedure)
            .where(Procedure.code.in_(codes))
            .options(selectinload(Procedure.channels), selectinload(Procedure.implementing))
        )
        return {p.code: p for p in self.session.scalars(statement)}

    def _apply(self, checked: list[dict], key: ApiKey) -> None:
        requests = [c["request"] for c in checked if c["status"] is Outcome.CHANGE]
        self.writer.write(requests, key, ChangeVia.IMPORT, lost_race())


def _row_problems(
    row: SheetRow, procedure: Procedure | None, level: int | None, key: ApiKey, first: int | None
) -> list[Problem]:
    """What is wrong with the row itself, before the rules of a level change apply."""
    if not row.code:
        return [Problem("missing_code", "code", "Thiếu mã thủ tục")]
    if procedure is None:
        return [Problem("unknown_code", "code", f"Không có thủ tục mã {row.code}")]
    if first is not None:
        return [Problem("duplicate_row", "code", f"Mã {row.code} đã có ở dòng {first}")]
    if level is None:
        return [BAD_LEVEL]
    # An unchanged row changes nothing, so it needs no right: a whole exported catalogue
    # can be edited and sent back by any agency.
    if level != procedure.maturity_level and not may_edit(key, procedure):
        return [Problem("not_your_agency", "code", "Thủ tục của cơ quan khác: không được sửa")]
    return []


def _checked(
    row: SheetRow,
    code: str,
    procedure: Procedure | None,
    level: int | None,
    verdict: Verdict,
    request: LevelRequest | None,
) -> dict:
    # A row's report names the first kind of rule it breaks: the level's, else the date's.
    problems = list(verdict.level_problems or verdict.date_problems)
    return {
        "row": row.number,
        "code": code or None,
        "name": procedure.name if procedure else None,
        "from_level": procedure.maturity_level if procedure else None,
        "to_level": level,
        "reason": row.reason,
        "status": verdict.outcome,
        "problems": problems,
        "request": request,
    }


def _report(checked: list[dict], effective_date: dt.date) -> dict:
    counts = {outcome: sum(c["status"] is outcome for c in checked) for outcome in Outcome}
    return {
        "effective_date": effective_date,
        "row_count": len(checked),
        "change_count": counts[Outcome.CHANGE],
        "unchanged_count": counts[Outcome.UNCHANGED],
        "error_count": counts[Outcome.ERROR],
        "rows": checked,
    }
