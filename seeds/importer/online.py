"""How far a procedure is online, from its published text (DOMAIN.md's seeding rule)."""

import re

# 'dịch vụ công trực tuyến toàn trình', 'đăng ký xe … trực tuyến toàn trình'. The tax
# procedures' '…đối với các TTHC đã toàn trình…' names a class of procedures, not this one.
_WHOLLY_ONLINE = re.compile(r"(?:trực\s+tuyến|dịch\s+vụ\s+công)\s+toàn\s+trình", re.IGNORECASE)


def states_full_online(text: str | None) -> bool:
    """The text says the whole procedure is done online ('toàn trình')."""
    return bool(text and _WHOLLY_ONLINE.search(text))


def maturity_level(channels: list[dict], full_online: bool) -> int:
    """No online channel → 2 (forms published); an online channel → 3; and 'toàn trình' → 4."""
    if not any(channel["method"] == "online" for channel in channels):
        return 2
    return 4 if full_online else 3
