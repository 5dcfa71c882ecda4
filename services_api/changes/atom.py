"""The change feed as an Atom document (RFC 4287), for people and feed readers, by feedgen.

Ids are ``urn:uuid`` names derived from the province and the change's id: the same on every
host the service answers under, and never reused."""

import datetime as dt
import uuid

from feedgen.feed import FeedGenerator

from services_api.changes.models import CatalogueChange, ChangeKind

TITLES = {
    ChangeKind.PROCEDURE_CREATED: "Công bố thủ tục mới {subject}",
    ChangeKind.PROCEDURE_CHANGED: "Sửa đổi thủ tục {subject}",
    ChangeKind.PROCEDURE_RESCINDED: "Bãi bỏ thủ tục {subject}",
    ChangeKind.PROCEDURE_RESTORED: "Khôi phục thủ tục {subject}",
    ChangeKind.LEVEL_CHANGED: "Mức độ dịch vụ công trực tuyến của thủ tục {subject}",
    ChangeKind.AGENCY_CHANGED: "Thay đổi cơ quan {subject}",
    ChangeKind.FIELD_CHANGED: "Thay đổi lĩnh vực {subject}",
}
NO_CHANGE_YET = dt.datetime(1970, 1, 1, tzinfo=dt.UTC)  # a feed's `updated`, the same every time
PATHS = {ChangeKind.AGENCY_CHANGED: "agencies", ChangeKind.FIELD_CHANGED: "fields"}


def atom_feed(
    changes: list[CatalogueChange], province_code: str, self_url: str, api_url: str
) -> bytes:
    """``changes`` newest first, as an Atom feed; ``api_url`` is the API's root
    (``https://host/api/v1``), which the entries link to."""
    feed = FeedGenerator()
    feed.id(_urn(f"{province_code}:changes"))
    feed.title(f"Thay đổi danh mục thủ tục hành chính ({province_code})")
    feed.author({"name": f"Danh mục thủ tục hành chính {province_code}"})
    feed.link(href=self_url, rel="self", type="application/atom+xml")
    feed.link(href=f"{api_url}/changes", rel="alternate", type="application/json")
    feed.language("vi")
    feed.updated(changes[0].committed_at if changes else NO_CHANGE_YET)
    for change in reversed(changes):  # feedgen puts the last added first
        _entry(feed.add_entry(), change, province_code, api_url)
    return feed.atom_str(pretty=True)


def _entry(entry, change: CatalogueChange, province_code: str, api_url: str) -> None:
    entry.id(_urn(f"{province_code}:change:{change.id}"))
    entry.title(title_of(change))
    entry.updated(change.committed_at)
    entry.published(change.committed_at)
    entry.category(term=change.kind.value, label=change.kind.value)
    entry.link(href=f"{api_url}/{PATHS.get(change.kind, 'procedures')}/{change.subject}")
    entry.content(_summary(change), type="text")


def title_of(change: CatalogueChange) -> str:
    title = TITLES[change.kind].format(subject=change.subject)
    data = change.data or {}
    if change.kind is ChangeKind.LEVEL_CHANGED and "to_level" in data:
        title += f": mức {data.get('from_level')} → {data['to_level']}"
    if data.get("name"):
        title += f" — {data['name']}"
    return title


def _summary(change: CatalogueChange) -> str:
    lines = [f"{key}: {value}" for key, value in (change.data or {}).items()]
    return "\n".join([title_of(change), *lines])


def _urn(name: str) -> str:
    return uuid.uuid5(uuid.NAMESPACE_URL, f"services-api:{name}").urn
