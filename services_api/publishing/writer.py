"""The one way a procedure's content and status change, for a single write and a decision file
alike: the decision recorded once, agencies and fields created when asked, each procedure's
content written with a revision (its field-level diff), the search outbox, one commit that a
lost race rolls back whole, then the index."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.exc import IntegrityError

from services_api.agencies.models import Agency
from services_api.changes.recorder import record_change
from services_api.decisions.models import Decision
from services_api.errors import Conflict, DomainError
from services_api.fields.models import Field
from services_api.keys.models import ApiKey
from services_api.maturity.rules import Problem
from services_api.procedures.content import created_diff, diff, snapshot
from services_api.procedures.models import (
    ChangeVia,
    LevelSource,
    MaturityChange,
    Procedure,
    ProcedureRevision,
    RevisionKind,
    Status,
)
from services_api.publishing.apply import Catalogue, apply_content
from services_api.publishing.rules import Known
from services_api.searching.writes import ProcedureWriter
from services_api.vocabulary import Tier

DERIVED_LEVEL_REASON = "Mức độ suy ra từ cách thức thực hiện đã công bố"
STATUS_AFTER = {RevisionKind.RESCINDED: Status.RESCINDED, RevisionKind.RESTORED: Status.ACTIVE}
CHANGE_KINDS = {kind: f"procedure.{kind.value}" for kind in RevisionKind}  # the change feed's


@dataclass(frozen=True)
class DecisionRef:
    number: str
    date: dt.date


@dataclass
class Publication:
    """One procedure a decision creates, changes (``content``: the whole new content),
    rescinds or restores; ``procedure`` is None when it is created."""

    kind: RevisionKind
    code: str
    content: dict | None = None
    procedure: Procedure | None = None


@dataclass
class Additions:
    """Agencies and fields a write creates (as the write schemas load them)."""

    agencies: list[dict]
    fields: list[dict]


def derived_level(content: dict) -> int:
    """DOMAIN's seeding rule: an online channel → level 3, else level 2 (forms published)."""
    return 3 if any(c["method"] == "online" for c in content["channels"]) else 2


class ContentWriter(ProcedureWriter):
    """Writes publications; the caller has judged them against the rules."""

    def known(self, additions: Additions) -> Known:
        """The agency and field codes a content may name, the additions' included."""
        agencies = set(self.session.scalars(select(Agency.code)))
        fields = set(self.session.scalars(select(Field.code)))
        return Known(
            agencies | {a["code"] for a in additions.agencies},
            fields | {f["code"] for f in additions.fields},
        )

    def addition_problems(self, additions: Additions) -> list[Problem]:
        """New agencies and fields must be new, once each; a parent must exist or be new."""
        known = self.known(Additions([], []))
        problems = []
        for kind, items, codes in (
            ("agencies", additions.agencies, known.agencies),
            ("fields", additions.fields, known.fields),
        ):
            listed = [item["code"] for item in items]
            taken = sorted({c for c in listed if c in codes or listed.count(c) > 1})
            if taken:
                message = f"Mã đã có: {', '.join(taken)}"
                problems.append(Problem("code_exists", f"new_{kind}", message))
        parents = {a["parent"] for a in additions.agencies if a.get("parent")}
        missing = sorted(parents - known.agencies - {a["code"] for a in additions.agencies})
        if missing:
            message = f"Không có cơ quan cấp trên: {', '.join(missing)}"
            problems.append(Problem("unknown_parent", "new_agencies", message))
        return problems

    def decision_conflicts(self, ref: DecisionRef) -> list[Problem]:
        """A decision already recorded with another date is not this one."""
        recorded = self.session.scalar(select(Decision.date).where(Decision.number == ref.number))
        if recorded is not None and recorded != ref.date:
            message = f"Quyết định {ref.number} đã ghi với ngày {recorded:%d/%m/%Y}"
            return [Problem("decision_date_differs", "decision", message)]
        return []

    def last_decision_dates(self, procedure_ids: list[int]) -> dict[int, dt.date]:
        """The latest dated revision of each procedure, by procedure id."""
        rows = self.session.execute(
            select(ProcedureRevision.procedure_id, func.max(ProcedureRevision.effective_date))
            .where(ProcedureRevision.procedure_id.in_(procedure_ids))
            .group_by(ProcedureRevision.procedure_id)
        )
        return {pid: day for pid, day in rows if day is not None}

    def write(
        self,
        publications: list[Publication],
        ref: DecisionRef,
        key: ApiKey,
        via: ChangeVia,
        lost_race: DomainError,
        additions: Additions | None = None,
        reason: str | None = None,
    ) -> list[Procedure]:
        """Write every publication in one transaction, under one decision; if a procedure
        changed meanwhile, nothing is written and ``lost_race`` is raised."""
        decision = self._decision(ref)
        self._add(additions or Additions([], []), via)
        catalogue = Catalogue(self.session, [p.content for p in publications if p.content])
        stamp = _Stamp(decision, ref.date, key, via, (reason or "").strip() or None)
        written = [self._publish(p, catalogue, stamp) for p in publications]
        for publication, procedure in zip(publications, written, strict=True):
            data = stamp.change_data(procedure.revision)
            record_change(self.session, CHANGE_KINDS[publication.kind], procedure.code, data)
        self._commit_then_index([p.code for p in written], lost_race)
        return written

    def _decision(self, ref: DecisionRef) -> Decision:
        decision = self.session.scalar(select(Decision).where(Decision.number == ref.number))
        if decision is None:
            decision = Decision(number=ref.number)
            self.session.add(decision)
        decision.date = ref.date  # a seeded decision gets the date its first citation gives
        return decision

    def _add(self, additions: Additions, via: ChangeVia) -> None:
        for item in additions.fields:
            self.session.add(Field(code=item["code"], name=item["name"]))
            record_change(self.session, "field.changed", item["code"], _created(item, via))
        for item in additions.agencies:
            record_change(self.session, "agency.changed", item["code"], _created(item, via))
        agencies = {
            a["code"]: Agency(code=a["code"], name=a["name"], tier=Tier(a["tier"]))
            for a in additions.agencies
        }
        self.session.add_all(agencies.values())
        self.session.flush()
        parents = {a["parent"] for a in additions.agencies if a.get("parent")}
        ids = dict(
            self.session.execute(
                select(Agency.code, Agency.id).where(Agency.code.in_(parents))
            ).all()
        )
        for item in additions.agencies:
            if item.get("parent"):
                agencies[item["code"]].parent_id = ids[item["parent"]]

    def _publish(self, publication: Publication, catalogue: Catalogue, stamp) -> Procedure:
        if publication.kind is RevisionKind.CREATED:
            return self._create(publication, catalogue, stamp)
        procedure = publication.procedure
        before = snapshot(procedure)
        if publication.kind is RevisionKind.CHANGED:
            apply_content(procedure, publication.content, catalogue)
            changes = diff(before, {**publication.content, "status": before["status"]})
        else:
            procedure.status = STATUS_AFTER[publication.kind]
            changes = diff(before, {**before, "status": procedure.status.value})
        procedure.revision += 1
        procedure.decision = stamp.decision
        revision = stamp.revision(procedure.revision, publication.kind, changes)
        revision.procedure_id = procedure.id  # added on its own: the collection stays unloaded
        self.session.add(revision)
        return procedure

    def _create(self, publication: Publication, catalogue: Catalogue, stamp) -> Procedure:
        content = publication.content
        level = derived_level(content)
        procedure = Procedure(
            code=publication.code,
            maturity_level=level,
            level_source=LevelSource.DERIVED,
            status=Status.ACTIVE,
            revision=1,
            decision=stamp.decision,
        )
        apply_content(procedure, content, catalogue)
        procedure.history = [stamp.first_level(level)]
        first = {**content, "status": Status.ACTIVE.value}
        procedure.revisions = [stamp.revision(1, RevisionKind.CREATED, created_diff(first))]
        self.session.add(procedure)
        return procedure

    def _commit(self, lost_race: DomainError) -> None:
        """A procedure changed meanwhile raises ``lost_race``; a code or a decision another
        write has just created is a 409; either way nothing is written."""
        try:
            super()._commit(lost_race)
        except IntegrityError:
            self.session.rollback()
            raise Conflict(
                "Một thay đổi khác vừa ghi cùng mã thủ tục, cơ quan, lĩnh vực hoặc quyết định: "
                "tải lại rồi thử lại"
            ) from None


@dataclass(frozen=True)
class _Stamp:
    """Who writes, when, under which decision: what every row of one write carries."""

    decision: Decision
    date: dt.date
    key: ApiKey
    via: ChangeVia
    reason: str | None

    def revision(self, number: int, kind: RevisionKind, changes: dict) -> ProcedureRevision:
        return ProcedureRevision(
            number=number,
            kind=kind,
            decision=self.decision,
            effective_date=self.date,
            changed_by=self.key.name,
            key_id=self.key.id,
            agency_id=self.key.agency_id,
            via=self.via,
            reason=self.reason,
            diff=changes,
        )

    def change_data(self, number: int) -> dict:
        """What the change feed says of a procedure's revision."""
        return {
            "revision": number,
            "decision": {"number": self.decision.number, "date": self.date.isoformat()},
            "via": self.via.value,
        }

    def first_level(self, level: int) -> MaturityChange:
        return MaturityChange(
            from_level=None,
            to_level=level,
            changed_by=self.key.name,
            agency_id=self.key.agency_id,
            key_id=self.key.id,
            reason=DERIVED_LEVEL_REASON,
            effective_date=self.date,
            via=self.via,
        )


def _created(item: dict, via: ChangeVia) -> dict:
    """What the change feed says of an agency or a field a write creates."""
    return {"created": True, "name": item["name"], "via": via.value}
