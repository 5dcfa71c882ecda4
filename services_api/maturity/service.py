"""Changing one procedure's maturity level through the API, and reading its history."""

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from services_api.errors import Conflict, DomainError, Forbidden
from services_api.keys.models import ApiKey
from services_api.maturity.rules import Problem, may_edit
from services_api.maturity.writer import LevelRequest, LevelWriter, Outcome
from services_api.procedures.models import ChangeVia, MaturityChange, Procedure
from services_api.procedures.service import ProcedureService


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


def _no_version_check(_procedure: Procedure) -> None:
    return None


class MaturityService:
    """One level change at a time, and the history; knows nothing of HTTP."""

    def __init__(self, session: Session, procedures: ProcedureService, writer: LevelWriter) -> None:
        self.session = session
        self.procedures = procedures
        self.writer = writer

    def change(
        self,
        code: str,
        key: ApiKey,
        update: dict,
        check_version: Callable[[Procedure], None] = _no_version_check,
    ) -> Procedure:
        """Move procedure ``code`` to ``update["level"]``. Refused, writing nothing, with 404,
        403 (another agency's), whatever ``check_version`` raises (the caller's If-Match), 409
        (the level it has), 422 (a rule) or 412 (a lost race)."""
        procedure = self.procedures.get(code)
        if not may_edit(key, procedure):
            raise Forbidden(f"Khóa này không được sửa thủ tục {procedure.code} của cơ quan khác")
        check_version(procedure)
        request = LevelRequest(
            procedure,
            update["level"],
            update.get("reason"),
            update.get("effective_date") or self.writer.today,
            update.get("online_service_url"),
        )
        verdict = self.writer.judge(
            request, self.writer.last_changes([procedure]).get(procedure.id)
        )
        if verdict.outcome is Outcome.UNCHANGED:
            raise Conflict(f"Thủ tục đã ở mức độ {request.level}")
        if verdict.outcome is Outcome.ERROR:
            raise InvalidChange(verdict.problems)
        lost_race = StaleRecord("Thủ tục vừa được thay đổi bởi người khác: tải lại rồi thử lại")
        self.writer.write([request], key, ChangeVia.API, lost_race)
        return procedure  # as written: the answer needs no read after the commit

    def history(self, code: str) -> list[MaturityChange]:
        procedure = self.procedures.get(code)
        statement = (
            select(MaturityChange)
            .where(MaturityChange.procedure_id == procedure.id)
            .order_by(MaturityChange.id)
        )
        return list(self.session.scalars(statement))
