"""Parse figures of a build: how much of the flattened text became structured data."""

from collections import Counter

from seeds.importer.agencies import TIERS
from seeds.importer.build import Catalogue


def figures(catalogue: Catalogue) -> dict[str, int]:
    procedures = catalogue.procedures
    return {
        **_procedure_figures(procedures),
        **_channel_figures([c for p in procedures for c in p["channels"]]),
        **_document_figures(procedures),
        **_agency_figures(catalogue),
    }


def failure_examples(catalogue: Catalogue, per_kind: int = 3) -> dict[str, list[str]]:
    """A few 'code: raw text' lines for each kind of text the parsers could not structure."""
    channels, laws = (lambda p: p["channels"]), (lambda p: p["legal_basis"])
    kinds = {
        "time and fee glued": (channels, is_glued, "fee_text"),
        "'Miễn phí' with details that do not confirm it": (channels, free_unconfirmed, "fee_text"),
        "time as text only": (channels, _time_text_only, "time_text"),
        "legal basis row without number": (laws, lambda row: not row["number"], "title"),
    }
    return {kind: _examples(catalogue.procedures, *rule, per_kind) for kind, rule in kinds.items()}


def is_glued(channel: dict) -> bool:
    """A unitless time run into the amount ('120 VNĐ' is 1|20 or 12|0): kept as fee_text."""
    digit_first = (channel["fee_text"] or " ")[0].isdigit()
    return _no_time(channel) and digit_first and channel["fee_vnd"] is None


def fee_text_only(channel: dict) -> bool:
    return (
        channel["fee_text"] is not None and channel["fee_vnd"] is None and not channel["fee_free"]
    )


def free_unconfirmed(channel: dict) -> bool:
    return fee_text_only(channel) and channel["fee_text"].startswith("Miễn phí")


def _procedure_figures(procedures: list[dict]) -> dict[str, int]:
    levels = Counter(p["maturity_level"] for p in procedures)
    return {
        "procedures": len(procedures),
        "procedures at province tier": _count(procedures, lambda p: "province" in p["tiers"]),
        "procedures at commune tier": _count(procedures, lambda p: "commune" in p["tiers"]),
        **{f"maturity level {level}": levels[level] for level in sorted(levels)},
        "full_online ('toàn trình' stated)": _count(procedures, lambda p: p["full_online"]),
    }


def _channel_figures(channels: list[dict]) -> dict[str, int]:
    return {
        "channels": len(channels),
        "channels with method": _count(channels, lambda c: c["method"]),
        "channels with time value + unit": _count(channels, lambda c: c["time_unit"]),
        "channels with time value, no unit": _count(channels, _bare_number),
        "channels with time as text only": _count(channels, _time_text_only),
        "channels with no time information": _count(channels, _no_time)
        - _count(channels, is_glued),
        "channels with time and fee glued, left unsplit": _count(channels, is_glued),
        "channels with a fee amount in VND": _count(channels, lambda c: c["fee_vnd"] is not None),
        "channels stated free of charge": _count(channels, lambda c: c["fee_free"]),
        "channels with a fee as text only": _count(channels, fee_text_only),
        "  of which 'Miễn phí' over details that set or defer a fee": _count(
            channels, free_unconfirmed
        ),
        "channels with no fee information": _count(channels, lambda c: c["fee_text"] is None),
    }


def _document_figures(procedures: list[dict]) -> dict[str, int]:
    documents = [d for p in procedures for d in p["documents"]]
    laws = [law for p in procedures for law in p["legal_basis"]]
    return {
        "procedures with a documents table": _count(procedures, lambda p: p["documents"]),
        "procedures with documents as text only": _count(procedures, _documents_text_only),
        "document rows": len(documents),
        "document rows with a form file": _count(documents, lambda d: d["form"]),
        "legal basis rows": len(laws),
        "legal basis rows with a number": _count(laws, lambda law: law["number"]),
    }


def _agency_figures(catalogue: Catalogue) -> dict[str, int]:
    tiers = Counter(a["tier"] for a in catalogue.agencies)
    return {
        "agencies": len(catalogue.agencies),
        **{f"agencies at tier {tier}": tiers[tier] for tier in TIERS},
        "agencies with a parent": _count(catalogue.agencies, lambda a: a["parent"]),
        "fields": len(catalogue.fields),
    }


def _examples(procedures: list[dict], items, test, key: str, limit: int) -> list[str]:
    found = (
        f"{p['code']}: {item[key][:100]}" for p in procedures for item in items(p) if test(item)
    )
    unique = list(dict.fromkeys(found))
    return unique[:: max(1, len(unique) // limit)][:limit]  # spread over the catalogue


def _bare_number(channel: dict) -> bool:
    return channel["time_value"] is not None and channel["time_unit"] is None


def _time_text_only(channel: dict) -> bool:
    return channel["time_value"] is None and channel["time_text"] is not None


def _no_time(channel: dict) -> bool:
    return channel["time_value"] is None and channel["time_text"] is None


def _documents_text_only(procedure: dict) -> bool:
    return procedure["documents_text"] is not None and not procedure["documents"]


def _count(items: list, test) -> int:
    return sum(1 for item in items if test(item))
