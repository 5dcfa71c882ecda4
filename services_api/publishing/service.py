"""Administrators publishing procedures through the API: create, replace, patch, rescind and
restore, each under a decision, each a revision."""

from collections.abc import Callable

from sqlalchemy import select
from sqlalchemy.orm import Session

from services_api.errors import Conflict
from services_api.keys.models import ApiKey
from services_api.maturity.service import InvalidChange, StaleRecord
from services_api.procedures.content import CONTENT_FIELDS, snapshot
from services_api.procedures.models import ChangeVia, Procedure, RevisionKind, Status
from services_api.procedures.service import ProcedureService
from services_api.publishing.rules import (
    code_problems,
    content_problems,
    decision_problems,
    level_problems,
)
from services_api.publishing.writer import (
    Additions,
    ContentWriter,
    DecisionRef,
    Publication,
)

VersionCheck = Callable[[Procedure], None]


def _no_version_check(_procedure: Procedure) -> None:
    return None


class PublishingService:
    """One procedure at a time; knows nothing of HTTP. Every write is refused, writing nothing,
    with 404 (no such procedure), whatever ``check_version`` raises (the caller's If-Match),
    409 (a code that exists, a rescinded procedure's content, a status it already has, a
    content it already has), 422 (a rule) or 412 (a lost race)."""

    def __init__(self, session: Session, procedures: ProcedureService, writer: ContentWriter):
        self.session = session
        self.procedures = procedures
        self.writer = writer

    def create(self, body: dict, key: ApiKey) -> Procedure:
        code = body["code"]
        if code_problems(code):
            raise InvalidChange(code_problems(code))
        if self.session.scalar(select(Procedure.id).where(Procedure.code == code)):
            raise Conflict(f"Đã có thủ tục mã {code}: dùng PUT hoặc PATCH để sửa")
        content = _content(body)
        self._judge(body, content, None)
        return self._write(Publication(RevisionKind.CREATED, code, content), body, key)

    def replace(self, code: str, body: dict, key: ApiKey, check_version=_no_version_check):
        return self._change(code, body, key, check_version, whole=True)

    def patch(self, code: str, body: dict, key: ApiKey, check_version=_no_version_check):
        return self._change(code, body, key, check_version, whole=False)

    def rescind(self, code: str, body: dict, key: ApiKey, check_version=_no_version_check):
        return self._status(code, body, key, check_version, RevisionKind.RESCINDED)

    def restore(self, code: str, body: dict, key: ApiKey, check_version=_no_version_check):
        return self._status(code, body, key, check_version, RevisionKind.RESTORED)

    def _change(self, code, body, key, check_version: VersionCheck, whole: bool) -> Procedure:
        procedure = self.procedures.get(code)
        check_version(procedure)
        if procedure.status is Status.RESCINDED:
            raise Conflict(f"Thủ tục {procedure.code} đã bị bãi bỏ: khôi phục trước khi sửa")
        current = snapshot(procedure)
        content = _content(body) if whole else _content({**current, **body})
        self._judge(body, content, procedure)
        if all(current[name] == content[name] for name in CONTENT_FIELDS):
            raise Conflict("Nội dung gửi lên giống nội dung hiện hành: không có gì được ghi")
        publication = Publication(RevisionKind.CHANGED, procedure.code, content, procedure)
        return self._write(publication, body, key)

    def _status(self, code, body, key, check_version: VersionCheck, kind: RevisionKind):
        procedure = self.procedures.get(code)
        check_version(procedure)
        wanted = Status.RESCINDED if kind is RevisionKind.RESCINDED else Status.ACTIVE
        if procedure.status is wanted:
            raise Conflict(f"Thủ tục {procedure.code} đã ở trạng thái {wanted.value}")
        self._judge_decision(body, procedure)
        return self._write(Publication(kind, procedure.code, procedure=procedure), body, key)

    def _judge(self, body: dict, content: dict, procedure: Procedure | None) -> None:
        additions = _additions(body)
        problems = self.writer.addition_problems(additions)
        problems += content_problems(content, self.writer.known(additions), True)
        if procedure is not None and not problems:
            problems += level_problems(
                procedure.maturity_level, content, procedure.online_service_url
            )
        if problems:
            raise InvalidChange(problems)
        self._judge_decision(body, procedure)

    def _judge_decision(self, body: dict, procedure: Procedure | None) -> None:
        ref = _decision(body)
        last = self.writer.last_decision_dates([procedure.id]) if procedure else {}
        problems = decision_problems(
            ref.number, ref.date, self.writer.today, last.get(procedure.id) if procedure else None
        )
        problems = problems or self.writer.decision_conflicts(ref)
        if problems:
            raise InvalidChange(problems)

    def _write(self, publication: Publication, body: dict, key: ApiKey) -> Procedure:
        """The procedure as the transaction left it: the session keeps its objects at the
        commit, so the answer reads nothing after it (a read then could fail, a database
        outage's 503, though the write is saved)."""
        lost_race = StaleRecord("Thủ tục vừa được thay đổi bởi người khác: tải lại rồi thử lại")
        (procedure,) = self.writer.write(
            [publication],
            _decision(body),
            key,
            ChangeVia.API,
            lost_race,
            _additions(body),
            body.get("reason"),
        )
        return procedure


def _content(data: dict) -> dict:
    return {name: data.get(name) for name in CONTENT_FIELDS} | {
        "tiers": list(data.get("tiers") or []),
        "implementing_agencies": list(data.get("implementing_agencies") or []),
        "channels": list(data.get("channels") or []),
        "documents": list(data.get("documents") or []),
        "legal_basis": list(data.get("legal_basis") or []),
    }


def _additions(body: dict) -> Additions:
    return Additions(body.get("new_agencies") or [], body.get("new_fields") or [])


def _decision(body: dict) -> DecisionRef:
    return DecisionRef(body["decision"]["number"].strip(), body["decision"]["date"])
