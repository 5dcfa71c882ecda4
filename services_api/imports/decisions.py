"""A decision as a file: every procedure it names judged first (a dry run stops there), then, in
a real run, the decision recorded once and every procedure written in one transaction, a
revision each; any procedure rejected refuses the whole file."""

import enum
from dataclasses import dataclass
from functools import partial

from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload, selectinload

from services_api.imports.decision_files import DecisionFile, Entry
from services_api.imports.runs import FileRefused, lost_race, settle
from services_api.keys.models import ApiKey
from services_api.maturity.rules import Problem
from services_api.maturity.service import InvalidChange
from services_api.procedures.content import CONTENT_FIELDS, diff, snapshot
from services_api.procedures.models import (
    ChangeVia,
    Procedure,
    ProcedureAgency,
    RevisionKind,
    Status,
)
from services_api.publishing.rules import (
    Known,
    code_problems,
    content_problems,
    decision_problems,
    level_problems,
)
from services_api.publishing.writer import Additions, ContentWriter, DecisionRef, Publication


class Verdict(enum.StrEnum):
    NEW = "new"
    CHANGED = "changed"
    RESCINDED = "rescinded"
    UNCHANGED = "unchanged"
    REJECTED = "rejected"


KINDS = {
    Verdict.NEW: RevisionKind.CREATED,
    Verdict.CHANGED: RevisionKind.CHANGED,
    Verdict.RESCINDED: RevisionKind.RESCINDED,
}


class DecisionRefused(FileRefused):
    """A real run with procedures rejected."""

    in_error = "rejected_count"
    message_template = (
        "{} thủ tục bị từ chối: quyết định không được ghi. "
        "Sửa các thủ tục trong báo cáo rồi gửi lại."
    )


@dataclass
class Judged:
    entry: Entry
    verdict: Verdict
    procedure: Procedure | None = None
    content: dict | None = None
    changes: dict | None = None
    problems: tuple[Problem, ...] = ()


class DecisionImportService:
    """Judges every procedure of a decision file against the catalogue and the record's rules;
    a real run writes them all under the decision, or nothing."""

    def __init__(self, session: Session, writer: ContentWriter) -> None:
        self.session = session
        self.writer = writer

    def run(
        self, file: DecisionFile, ref: DecisionRef, key: ApiKey, dry_run: bool, create: bool
    ) -> dict:
        problems = decision_problems(ref.number, ref.date, self.writer.today, None)
        problems = problems or self.writer.decision_conflicts(ref)
        if problems:
            raise InvalidChange(problems, location="query")
        judged, additions = self._judge(file, ref, create)
        report = _report(judged, ref, additions)
        write = partial(self._write, judged, ref, key, additions)
        return settle(report, dry_run, DecisionRefused, write)

    def _judge(self, file: DecisionFile, ref: DecisionRef, create: bool):
        procedures = self._procedures({e.code for e in file.entries})
        last = self.writer.last_decision_dates([p.id for p in procedures.values()])
        additions = self._additions(file, create)
        known = self.writer.known(additions)
        seen: dict[str, int] = {}
        judged = []
        for entry in file.entries:
            procedure = procedures.get(entry.code)
            problems = _entry_problems(entry, procedure, seen)
            if not problems:
                problems = decision_problems(
                    ref.number, ref.date, self.writer.today, last.get(procedure and procedure.id)
                )
            found = _judged(entry, procedure, known) if not problems else None
            judged.append(found or Judged(entry, Verdict.REJECTED, procedure, problems=problems))
            seen.setdefault(entry.code, entry.number)
        return judged, _used(additions, judged)

    def _write(self, judged: list[Judged], ref: DecisionRef, key: ApiKey, additions: Additions):
        publications = [_publication(j) for j in judged if j.verdict in KINDS]
        self.writer.write(publications, ref, key, ChangeVia.IMPORT, lost_race(), additions)

    def _procedures(self, codes: set[str]) -> dict[str, Procedure]:
        statement = (
            select(Procedure)
            .where(Procedure.code.in_(codes))
            .options(
                selectinload(Procedure.channels),
                selectinload(Procedure.implementing).joinedload(ProcedureAgency.agency),
                joinedload(Procedure.competent_agency),
            )
        )
        return {p.code: p for p in self.session.scalars(statement)}

    def _additions(self, file: DecisionFile, create: bool) -> Additions:
        """With ``create``, the agencies and fields the file names that the catalogue lacks."""
        if not create:
            return Additions([], [])
        known = self.writer.known(Additions([], []))
        agencies = [a for a in file.agencies if a["code"] not in known.agencies]
        fields = {}
        for entry in file.entries:
            fields.update(entry.field_names)
        new_fields = [{"code": c, "name": n} for c, n in fields.items() if c not in known.fields]
        return Additions(agencies, new_fields)


def _entry_problems(entry: Entry, procedure: Procedure | None, seen: dict) -> list[Problem]:
    """What is wrong with the entry itself, before the record's rules apply."""
    problems = code_problems(entry.code)
    if problems:
        return problems
    if entry.code in seen:
        return [Problem("duplicate", "code", f"Mã {entry.code} đã có ở mục {seen[entry.code]}")]
    if entry.action == "?":
        return [
            Problem("bad_action", "action", "Hành động: công bố mới, sửa đổi, thay thế, bãi bỏ")
        ]
    action = entry.action or ("amended" if procedure else "new")
    if action == "new" and procedure is not None:
        return [Problem("exists", "code", f"Đã có thủ tục mã {entry.code}")]
    if entry.problem:
        return [Problem("unreadable", "record", entry.problem)]
    if action == "new" and not entry.whole:
        message = "Thủ tục mới cần bản ghi đầy đủ (JSON của CSDL quốc gia)"
        return [Problem("record_needed", "record", message)]
    if action != "new" and procedure is None:
        return [Problem("unknown_code", "code", f"Không có thủ tục mã {entry.code}")]
    if action in ("amended", "replaced") and procedure.status is Status.RESCINDED:
        return [Problem("rescinded", "code", f"Thủ tục {entry.code} đã bị bãi bỏ")]
    return []


def _judged(entry: Entry, procedure: Procedure | None, known: Known) -> Judged | None:
    """The verdict of an entry that passed its own checks; None when the rules reject it
    (the caller records the problems)."""
    if entry.action == "rescinded":
        if procedure.status is Status.RESCINDED:
            return Judged(entry, Verdict.UNCHANGED, procedure)
        changes = {"status": {"from": Status.ACTIVE.value, "to": Status.RESCINDED.value}}
        return Judged(entry, Verdict.RESCINDED, procedure, changes=changes)
    current = snapshot(procedure) if procedure else None
    content = _whole(entry, current)
    problems = content_problems(content, known, authored=False)
    if procedure is not None and not problems:
        problems = level_problems(procedure.maturity_level, content, procedure.online_service_url)
    if problems:
        return Judged(entry, Verdict.REJECTED, procedure, problems=tuple(problems))
    if procedure is None:
        return Judged(entry, Verdict.NEW, None, content)
    changes = diff(current, {**content, "status": current["status"]})
    verdict = Verdict.CHANGED if changes else Verdict.UNCHANGED
    return Judged(entry, verdict, procedure, content, changes)


def _whole(entry: Entry, current: dict | None) -> dict:
    """The whole content an entry leaves: a record's own, or a list row's over the current."""
    base = {name: current[name] for name in CONTENT_FIELDS} if current else {}
    return {**base, **entry.content}


def _used(additions: Additions, judged: list[Judged]) -> Additions:
    """Only the additions the accepted procedures name."""
    agencies, fields = set(), set()
    for j in judged:
        if j.verdict in (Verdict.NEW, Verdict.CHANGED):
            agencies.update(j.content["implementing_agencies"] or [])
            agencies.add(j.content.get("competent_agency"))
            fields.add(j.content.get("field"))
    by_code = {a["code"]: a for a in additions.agencies}
    for code in list(agencies):  # a parent the file names is created with its unit
        parent = by_code.get(code, {}).get("parent")
        if parent:
            agencies.add(parent)
    return Additions(
        [a for a in additions.agencies if a["code"] in agencies],
        [f for f in additions.fields if f["code"] in fields],
    )


def _publication(judged: Judged) -> Publication:
    entry = judged.entry
    return Publication(KINDS[judged.verdict], entry.code, judged.content, judged.procedure)


def _report(judged: list[Judged], ref: DecisionRef, additions: Additions) -> dict:
    counts = {verdict: sum(j.verdict is verdict for j in judged) for verdict in Verdict}
    return {
        "decision": {"number": ref.number, "date": ref.date},
        "procedure_count": len(judged),
        **{f"{verdict.value}_count": counts[verdict] for verdict in Verdict},
        "new_agencies": [a["code"] for a in additions.agencies],
        "new_fields": [f["code"] for f in additions.fields],
        "procedures": [_line(j) for j in judged],
    }


def _line(judged: Judged) -> dict:
    entry, procedure = judged.entry, judged.procedure
    name = (judged.content or {}).get("name") or (procedure.name if procedure else None)
    changes = judged.changes or {}
    return {
        "item": entry.number,
        "code": entry.code or None,
        "name": name,
        "action": entry.action,
        "status": judged.verdict,
        "diff": [{"field": k, "from": v["from"], "to": v["to"]} for k, v in changes.items()],
        "problems": list(judged.problems),
    }
