"""The rules a level change must follow, shared by single changes and spreadsheet imports."""

import datetime as dt
from dataclasses import dataclass

from sqlalchemy import func, select
from sqlalchemy.orm import Session

from services_api.keys.models import ApiKey, Role
from services_api.procedures.models import MaturityChange, Procedure
from services_api.vocabulary import LEVELS

# Levels 1–4 exist since Nghị định 43/2011/NĐ-CP of 13 June 2011: no change takes effect earlier.
EARLIEST_EFFECTIVE_DATE = dt.date(2011, 6, 13)
MAX_REASON_CHARS = 1_000  # a reason is a sentence, in a single change and an import alike


@dataclass(frozen=True)
class Problem:
    """Why a change is refused: a stable ``code`` for programs, a Vietnamese ``message``."""

    code: str
    field: str
    message: str


BAD_LEVEL = Problem("bad_level", "level", "Mức độ phải là 1, 2, 3 hoặc 4")


def may_edit(key: ApiKey, procedure: Procedure) -> bool:
    """Admins edit everything; an editor edits what its agency implements or decides."""
    if key.role is Role.ADMIN:
        return True
    if key.role is not Role.EDITOR or key.agency_id is None:
        return False
    agencies = {procedure.agency_id, procedure.competent_agency_id}
    agencies.update(row.agency_id for row in procedure.implementing)
    return key.agency_id in agencies


def level_problems(
    procedure: Procedure, level: int, reason: str | None, online_url: str | None = None
) -> list[Problem]:
    """What is wrong with moving ``procedure`` to another ``level``; empty when it is allowed."""
    current = procedure.maturity_level
    if level not in LEVELS:
        return [BAD_LEVEL]
    problems = []
    if reason and len(reason) > MAX_REASON_CHARS:
        problems.append(
            Problem("reason_too_long", "reason", f"Lý do dài quá {MAX_REASON_CHARS:,} ký tự")
        )
    if level >= 3 and not (procedure.has_online_channel or online_url):
        problems.append(
            Problem(
                "no_online_channel",
                "online_service_url",
                f"Mức độ {level} cần kênh nộp trực tuyến: thủ tục chưa có, hãy gửi "
                "online_service_url (địa chỉ dịch vụ công trực tuyến)",
            )
        )
    if level < current and not (reason or "").strip():
        problems.append(
            Problem("reason_required", "reason", f"Hạ mức độ từ {current} xuống {level} cần lý do")
        )
    return problems


def date_problems(
    effective_date: dt.date, today: dt.date, last_change: dt.date | None
) -> list[Problem]:
    """A change takes effect today or earlier, not before levels existed, and not before the
    procedure's last change, so that the history read by date and by record agree on the
    current level."""
    if effective_date > today:
        return [Problem("future_date", "effective_date", "Ngày hiệu lực không được ở tương lai")]
    if effective_date < EARLIEST_EFFECTIVE_DATE:
        return [
            Problem(
                "too_early",
                "effective_date",
                "Ngày hiệu lực không được trước ngày Nghị định 43/2011/NĐ-CP "
                f"({EARLIEST_EFFECTIVE_DATE:%d/%m/%Y})",
            )
        ]
    if last_change is not None and effective_date < last_change:
        return [
            Problem(
                "before_last_change",
                "effective_date",
                f"Ngày hiệu lực không được trước lần thay đổi gần nhất ({last_change:%d/%m/%Y})",
            )
        ]
    return []


def last_change_dates(session: Session, procedure_ids: list[int]) -> dict[int, dt.date]:
    """The effective date of each procedure's latest agency change (seed rows excluded)."""
    rows = session.execute(
        select(MaturityChange.procedure_id, func.max(MaturityChange.effective_date))
        .where(
            MaturityChange.procedure_id.in_(procedure_ids), MaturityChange.from_level.is_not(None)
        )
        .group_by(MaturityChange.procedure_id)
    )
    return dict(rows.all())
