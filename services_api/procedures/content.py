"""A procedure's content as plain data: what a revision changes, compares and gives back.

The content is the published record (name, tiers, agencies and field by code, channels,
documents, ...) and its status; the maturity level is not content (it has its own history).
``snapshot`` reads it from a procedure, ``diff`` compares two contents field by field, ``undo``
walks a content back over a revision's diff, and ``ContentOnDate`` shows an older content
through the procedure's read schema.
"""

from types import SimpleNamespace

from services_api.procedures.models import Channel, ChannelMethod, Procedure, Status
from services_api.vocabulary import OnlineKind

TEXT_FIELDS = (
    "name",
    "decision_number",
    "procedure_type",
    "applicants",
    "steps",
    "documents_text",
    "conditions",
    "result",
    "source_url",
)
LIST_FIELDS = ("tiers", "implementing_agencies", "channels", "documents", "legal_basis")
CODE_FIELDS = ("field", "competent_agency")
CONTENT_FIELDS = (*TEXT_FIELDS, *CODE_FIELDS, *LIST_FIELDS)
STATE_FIELDS = (*CONTENT_FIELDS, "status")
CHANNEL_KEYS = (
    "method",
    "time_value",
    "time_unit",
    "time_text",
    "fee_vnd",
    "fee_free",
    "fee_text",
    "note",
)


def snapshot(procedure: Procedure) -> dict:
    """The procedure's content and status, as JSON-ready data."""
    content = {name: getattr(procedure, name) for name in TEXT_FIELDS}
    return {
        **content,
        "field": procedure.field.code if procedure.field else None,
        "competent_agency": _code(procedure.competent_agency),
        "tiers": list(procedure.tiers),
        "implementing_agencies": [a.code for a in procedure.implementing_agencies],
        "channels": [channel_data(c) for c in procedure.channels],
        "documents": list(procedure.documents or []),
        "legal_basis": list(procedure.legal_basis or []),
        "status": procedure.status.value,
    }


def channel_data(channel) -> dict:
    data = {key: getattr(channel, key) for key in CHANNEL_KEYS}
    data["method"] = ChannelMethod(data["method"]).value
    data["fee_free"] = bool(data["fee_free"])
    return data


def channel_row(data: dict, position: int) -> Channel:
    """A channel row from its data (``channel_data``'s inverse)."""
    return Channel(
        position=position,
        method=ChannelMethod(data["method"]),
        time_value=data.get("time_value"),
        time_unit=data.get("time_unit"),
        time_text=data.get("time_text"),
        fee_vnd=data.get("fee_vnd"),
        fee_free=bool(data.get("fee_free")),
        fee_text=data.get("fee_text"),
        note=data.get("note"),
    )


def diff(before: dict, after: dict) -> dict:
    """``{field: {"from": old, "to": new}}`` for every field that differs."""
    return {
        name: {"from": before.get(name), "to": after.get(name)}
        for name in STATE_FIELDS
        if name in after and before.get(name) != after.get(name)
    }


def created_diff(content: dict) -> dict:
    """A first revision's diff: every field that has a value, from nothing."""
    empty = {name: None for name in STATE_FIELDS}
    return {name: change for name, change in diff(empty, content).items() if change["to"]}


def undo(content: dict, changes: dict) -> dict:
    """``content`` as it was before a revision that made ``changes``."""
    return {**content, **{name: change["from"] for name, change in changes.items()}}


def _code(agency) -> str | None:
    return agency.code if agency else None


class ContentOnDate:
    """A read-only view of a procedure with the content of an older revision (and the level in
    force on the date); agencies and field are given as objects by ``named`` (code → object)."""

    def __init__(self, procedure, content: dict, revision, level: int, named) -> None:
        self._procedure = procedure
        self._content = content
        self.revision = revision.number
        self.decision = revision.decision
        self.maturity_level = level
        self.field = named.field(content["field"])
        self.competent_agency = named.agency(content["competent_agency"])
        self.implementing_agencies = [named.agency(c) for c in content["implementing_agencies"]]
        self.channels = [_channel(c) for c in content["channels"]]

    def __getattr__(self, name: str):
        if name in self._content:
            return self._content[name]
        return getattr(self._procedure, name)

    @property
    def status(self) -> Status:
        return Status(self._content["status"])

    @property
    def rescission(self):
        return self.decision if self.status is Status.RESCINDED else None

    @property
    def agency(self):
        implementing = self.implementing_agencies
        return implementing[0] if implementing else self.competent_agency

    @property
    def kind(self) -> OnlineKind:
        return OnlineKind.of_level(self.maturity_level)

    @property
    def has_online_channel(self) -> bool:
        online = any(c.method is ChannelMethod.ONLINE for c in self.channels)
        return online or bool(self._procedure.online_service_url)


def _channel(data: dict) -> SimpleNamespace:
    return SimpleNamespace(**{**data, "method": ChannelMethod(data["method"])})
