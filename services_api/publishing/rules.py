"""The rules a procedure's content and a decision must follow, for single writes and decision
files alike: codes, tiers, channels with their time and fee, agencies and fields that exist or
are created explicitly, and decisions dated in order."""

import datetime as dt
from dataclasses import dataclass, field

from services_api.maturity.rules import Problem
from services_api.procedures.models import ChannelMethod
from services_api.vocabulary import NATIONAL_CODE, Tier

# Nghị định 63/2010/NĐ-CP (8 June 2010) set up the publication of administrative procedures.
EARLIEST_DECISION_DATE = dt.date(2010, 6, 8)
MAX_TIME_VALUE = 10_000  # working days, months...: a processing time, not a date
MAX_FEE_VND = 10**12
METHODS = {m.value for m in ChannelMethod}
TIERS = {t.value for t in Tier}


@dataclass
class Known:
    """The agency and field codes a content may name: those in the catalogue and those the same
    write creates."""

    agencies: set[str] = field(default_factory=set)
    fields: set[str] = field(default_factory=set)


def code_problems(code: str | None) -> list[Problem]:
    if not code or not NATIONAL_CODE.match(code):
        return [Problem("bad_code", "code", f"Mã thủ tục quốc gia dạng 1.234567: {code!r}")]
    return []


def content_problems(content: dict, known: Known, authored: bool) -> list[Problem]:
    """What is wrong with a whole content; empty when it may be published. A content
    ``authored`` through the API states its agency and each channel's time and fee; a decision
    file's records may leave them unstated, as the national database publishes them ('Không có
    thông tin')."""
    problems = []
    if not (content.get("name") or "").strip():
        problems.append(Problem("missing_name", "name", "Thiếu tên thủ tục"))
    problems += _tier_problems(content.get("tiers") or [])
    problems += _agency_problems(content, known, authored)
    if content.get("field") and content["field"] not in known.fields:
        problems.append(
            Problem("unknown_field", "field", f"Không có lĩnh vực mã {content['field']}")
        )
    channels = content.get("channels") or []
    if not channels:
        problems.append(Problem("no_channel", "channels", "Cần ít nhất một cách thức thực hiện"))
    for position, channel in enumerate(channels, start=1):
        problems += _channel_problems(position, channel, authored)
    return problems


def _tier_problems(tiers: list[str]) -> list[Problem]:
    if not tiers:
        return [Problem("no_tier", "tiers", "Cần ít nhất một cấp thực hiện")]
    unknown = [t for t in tiers if t not in TIERS]
    if unknown or len(set(tiers)) != len(tiers):
        return [Problem("bad_tier", "tiers", f"Cấp thực hiện sai hoặc trùng: {tiers}")]
    return []


def _agency_problems(content: dict, known: Known, authored: bool) -> list[Problem]:
    named = [content.get("competent_agency"), *(content.get("implementing_agencies") or [])]
    named = [code for code in named if code]
    if authored and not named:
        return [Problem("no_agency", "implementing_agencies", "Cần cơ quan thực hiện")]
    unknown = sorted({code for code in named if code not in known.agencies})
    if unknown:
        message = f"Không có cơ quan mã: {', '.join(unknown)} (tạo trong new_agencies)"
        return [Problem("unknown_agency", "implementing_agencies", message)]
    return []


def _channel_problems(position: int, channel: dict, authored: bool) -> list[Problem]:
    where = f"channels[{position}]"
    if channel.get("method") not in METHODS:
        return [Problem("bad_channel", where, f"Cách thức {position}: in_person, online hoặc post")]
    problems = []
    value = channel.get("time_value")
    if value is not None and not (
        0 <= value <= MAX_TIME_VALUE and (channel.get("time_unit") or channel.get("time_text"))
    ):
        message = f"Cách thức {position}: thời hạn là một số có đơn vị (hoặc văn bản)"
        problems.append(Problem("bad_time", where, message))
    if authored and value is None and not channel.get("time_text"):
        problems.append(Problem("no_time", where, f"Cách thức {position}: thiếu thời hạn"))
    fee, free = channel.get("fee_vnd"), channel.get("fee_free")
    if fee is not None and not 0 <= fee <= MAX_FEE_VND:
        problems.append(Problem("bad_fee", where, f"Cách thức {position}: lệ phí sai"))
    if free and fee:
        problems.append(
            Problem("bad_fee", where, f"Cách thức {position}: miễn phí mà có lệ phí {fee:,}")
        )
    if authored and fee is None and not free and not channel.get("fee_text"):
        problems.append(Problem("no_fee", where, f"Cách thức {position}: thiếu lệ phí"))
    return problems


def decision_problems(
    number: str | None, date: dt.date | None, today: dt.date, last: dt.date | None
) -> list[Problem]:
    """A decision has a number and a date: not in the future, not before Nghị định 63/2010, and
    not before the procedure's latest decision, so revisions read by date and by number agree."""
    if not (number or "").strip():
        return [Problem("missing_decision", "decision", "Thiếu số quyết định")]
    if date is None:
        return [Problem("missing_decision_date", "decision", "Thiếu ngày quyết định")]
    if date > today:
        return [Problem("future_date", "decision", "Ngày quyết định không được ở tương lai")]
    if date < EARLIEST_DECISION_DATE:
        return [
            Problem(
                "too_early",
                "decision",
                "Ngày quyết định trước Nghị định 63/2010/NĐ-CP "
                f"({EARLIEST_DECISION_DATE:%d/%m/%Y})",
            )
        ]
    if last is not None and date < last:
        return [
            Problem(
                "before_last_decision",
                "decision",
                f"Ngày quyết định trước quyết định gần nhất của thủ tục ({last:%d/%m/%Y})",
            )
        ]
    return []


def level_problems(level: int, content: dict, online_service_url: str | None) -> list[Problem]:
    """A level-3 or 4 procedure keeps an online channel (or its online service's address)."""
    online = any(c.get("method") == ChannelMethod.ONLINE.value for c in content["channels"])
    if level >= 3 and not (online or online_service_url):
        message = (
            f"Thủ tục ở mức độ {level} cần kênh nộp trực tuyến: hạ mức độ trước khi bỏ kênh này"
        )
        return [Problem("no_online_channel", "channels", message)]
    return []
