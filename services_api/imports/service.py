"""Checking every row of a spreadsheet, then applying all its changes in one transaction."""

import datetime as dt

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from search import SearchBackend
from services_api.errors import Conflict, DomainError
from services_api.imports.reading import SheetRow, parse_level
from services_api.keys.models import ApiKey
from services_api.maturity.rules import (
    Problem,
    date_problems,
    last_change_dates,
    level_problems,
    may_edit,
)
from services_api.maturity.service import commit_or_stale, record_change
from services_api.procedures.models import ChangeVia, Procedure
from services_api.searching import sync
from services_api.vocabulary import national_code

CHANGE, UNCHANGED, ERROR = "change", "unchanged", "error"


class ImportRefused(DomainError):
    """A real run with rows in error: nothing is written; the report says what to fix."""

    status = 422

    def __init__(self, report: dict) -> None:
        super().__init__(
            f"{report['error_count']} dòng có lỗi: không thay đổi nào được ghi. "
            "Sửa các dòng trong báo cáo rồi gửi lại."
        )
        self.report = report


class ImportService:
    """Validates every row first (a dry run stops there) and, in a real run, applies all the
    changes in one transaction with one history row each; any row in error refuses the file.
    Rows asking for the level a procedure already has are reported as unchanged and skipped."""

    def __init__(
        self,
        session: Session,
        province_code: str,
        backend: SearchBackend | None = None,
        today: dt.date | None = None,
    ) -> None:
        self.session = session
        self.province_code = province_code
        self.backend = backend
        self.today = today or dt.date.today()

    def run(
        self, rows: list[SheetRow], key: ApiKey, dry_run: bool, effective_date: dt.date | None
    ) -> dict:
        effective_date = effective_date or self.today
        checked = self._check(rows, key, effective_date)
        report = _report(checked, dry_run, effective_date)
        if dry_run:
            return report
        if report["error_count"]:
            raise ImportRefused(report)
        self._apply(checked, key, effective_date)
        return {**report, "applied": True}

    def _check(self, rows: list[SheetRow], key: ApiKey, effective_date: dt.date) -> list[dict]:
        procedures = self._procedures(rows)
        last_changes = last_change_dates(self.session, [p.id for p in procedures.values()])
        first_row: dict[str, int] = {}
        checked = []
        for row in rows:
            code = national_code(row.code, self.province_code) or row.code
            procedure = procedures.get(code)
            problems = self._row_problems(row, procedure, key, first_row.get(code))
            if procedure is not None:
                first_row.setdefault(code, row.number)
                if not problems:
                    problems = date_problems(
                        effective_date, self.today, last_changes.get(procedure.id)
                    )
            checked.append(_checked(row, code, procedure, problems))
        return checked

    def _row_problems(
        self, row: SheetRow, procedure: Procedure | None, key: ApiKey, first: int | None
    ) -> list[Problem]:
        if not row.code:
            return [Problem("missing_code", "code", "Thiếu mã thủ tục")]
        if procedure is None:
            return [Problem("unknown_code", "code", f"Không có thủ tục mã {row.code}")]
        if first is not None:
            return [Problem("duplicate_row", "code", f"Mã {row.code} đã có ở dòng {first}")]
        level = parse_level(row.level)
        if level is None:
            return [Problem("bad_level", "level", "Mức độ phải là 1, 2, 3 hoặc 4")]
        # An unchanged row changes nothing, so it needs no right: a whole exported catalogue
        # can be edited and sent back by any agency.
        if level != procedure.maturity_level and not may_edit(key, procedure):
            return [Problem("not_your_agency", "code", "Thủ tục của cơ quan khác: không được sửa")]
        return level_problems(procedure, level, row.reason)

    def _procedures(self, rows: list[SheetRow]) -> dict[str, Procedure]:
        codes = {national_code(r.code, self.province_code) or r.code for r in rows}
        statement = (
            select(Procedure)
            .where(Procedure.code.in_(codes))
            .options(selectinload(Procedure.channels), selectinload(Procedure.implementing))
        )
        return {p.code: p for p in self.session.scalars(statement)}

    def _apply(self, checked: list[dict], key: ApiKey, effective_date: dt.date) -> None:
        changes = [c for c in checked if c["status"] == CHANGE]
        for change in changes:
            record_change(
                self.session,
                change["procedure"],
                key,
                {
                    "level": change["to_level"],
                    "reason": change["reason"],
                    "effective_date": effective_date,
                },
                ChangeVia.IMPORT,
            )
        sync.enqueue(self.session, [c["code"] for c in changes])
        commit_or_stale(
            self.session,
            Conflict(
                "Có thủ tục vừa được thay đổi trong lúc nhập: không thay đổi nào được ghi, "
                "hãy gửi lại"
            ),
        )
        if self.backend is not None:
            sync.drain(self.session, self.backend)


def _checked(
    row: SheetRow, code: str, procedure: Procedure | None, problems: list[Problem]
) -> dict:
    if problems and problems[0].code == "same_level":
        status, problems = UNCHANGED, []
    else:
        status = ERROR if problems else CHANGE
    return {
        "row": row.number,
        "code": code or None,
        "name": procedure.name if procedure else None,
        "from_level": procedure.maturity_level if procedure else None,
        "to_level": parse_level(row.level),
        "reason": row.reason,
        "status": status,
        "problems": problems,
        "procedure": procedure,
    }


def _report(checked: list[dict], dry_run: bool, effective_date: dt.date) -> dict:
    counts = {
        status: sum(c["status"] == status for c in checked) for status in (CHANGE, UNCHANGED, ERROR)
    }
    return {
        "dry_run": dry_run,
        "applied": False,
        "effective_date": effective_date,
        "row_count": len(checked),
        "change_count": counts[CHANGE],
        "unchanged_count": counts[UNCHANGED],
        "error_count": counts[ERROR],
        "rows": checked,
    }
