"""Reading a decision file into one entry per procedure: the national database's records as JSON
(an array, or one object a line, in the format of its crawl), or an official list workbook
(Mã số, Tên, Cơ quan ban hành, Cơ quan thực hiện, Lĩnh vực, after its title rows) with a column
saying what the decision does to each procedure.

Records are parsed with the seed importer's parsers, so a record published again unchanged
reads exactly as the seeded catalogue holds it. An entry names its agencies and field by code,
and carries those it would create (agencies by the names the records give).
"""

import json
import re
from dataclasses import dataclass, field

from search.text import fold, slugify
from seeds.importer.agencies import AgencyRegistry
from seeds.importer.cleaning import clean_inline
from seeds.importer.procedures import build_procedure
from services_api.imports.reading import (
    XLSX_MAGIC,
    BadSheet,
    FileTooLarge,
    UnreadableFile,
    bounded_records,
    cell_text,
    code_text,
    header_key,
    sheet_records,
)
from services_api.procedures.content import CONTENT_FIELDS

MAX_RECORDS = 5_000  # a decision publishes tens to hundreds of procedures
# What a decision does to a procedure, as lists and records write it (folded, lower case).
ACTIONS = {
    "new": {"new", "moi", "cong bo moi", "ban hanh moi", "tthc moi"},
    "amended": {"amended", "sua doi", "sua doi bo sung", "bo sung", "sua doi, bo sung"},
    "replaced": {"replaced", "thay the"},
    "rescinded": {"rescinded", "bai bo", "huy bo", "bi bai bo"},
}
ACTION_KEYS = ("action", "hanh_dong")
COLUMNS = {
    "code": {"ma so", "ma", "ma thu tuc", "ma tthc", "code"},
    "name": {"ten", "ten thu tuc", "ten tthc", "name"},
    "issuer": {"co quan ban hanh"},
    "agencies": {"co quan thuc hien"},
    "field": {"linh vuc"},
    "action": {"hanh dong", "thao tac", "loai", "tinh trang", "action", "noi dung"},
}


@dataclass
class Entry:
    """One procedure of the file: ``content`` is whole for a record, partial (name, agencies,
    field) for a workbook row; ``problem`` says why it cannot be read."""

    number: int
    code: str
    action: str | None
    content: dict | None = None
    whole: bool = True
    problem: str | None = None
    field_names: dict[str, str] = field(default_factory=dict)  # code → name, as named


@dataclass
class DecisionFile:
    entries: list[Entry]
    agencies: list[dict]  # every agency the file names: code, name, tier, parent


def read_decision_file(data: bytes, max_bytes: int) -> DecisionFile:
    if len(data) > max_bytes:
        raise FileTooLarge(f"Tệp quá lớn: tối đa {max_bytes // 1024 // 1024} MB")
    if data.startswith(XLSX_MAGIC):
        return _workbook(data, max_bytes)
    return _records(_json_objects(data))


def action_of(value) -> str | None:
    """'Bãi bỏ' → rescinded; None when the cell says nothing; '?' when it is not an action."""
    text = " ".join(fold(cell_text(value)).replace(",", " ").split())
    if not text:
        return None
    return next((name for name, words in ACTIONS.items() if text in words), "?")


def _json_objects(data: bytes) -> list:
    try:
        text = data.decode("utf-8-sig").strip()
    except UnicodeDecodeError:
        raise UnreadableFile("Tệp không phải JSON (UTF-8) hay XLSX") from None
    if not text:
        raise BadSheet("Tệp rỗng")
    try:
        if text.startswith("["):
            objects = json.loads(text)
        else:
            objects = [json.loads(line) for line in text.splitlines() if line.strip()]
    except (ValueError, RecursionError) as error:
        raise UnreadableFile(f"JSON không đọc được: {str(error)[:200]}") from None
    if len(objects) > MAX_RECORDS:
        raise FileTooLarge(f"Quá nhiều thủ tục: tối đa {MAX_RECORDS:,}")
    return objects


def _records(objects: list) -> DecisionFile:
    registry = AgencyRegistry()
    entries = [_record(number, raw, registry) for number, raw in enumerate(objects, start=1)]
    if not entries:
        raise BadSheet("Tệp không có thủ tục nào")
    return DecisionFile(entries, registry.agencies())


def _record(number: int, raw, registry: AgencyRegistry) -> Entry:
    if not isinstance(raw, dict):
        return Entry(number, "", None, problem="Không phải một bản ghi thủ tục (đối tượng JSON)")
    code = str(raw.get("ma_thu_tuc") or "").strip()
    action = next((action_of(raw[k]) for k in ACTION_KEYS if k in raw), None)
    if action == "rescinded":
        return Entry(number, code, action, whole=False)
    try:
        record = build_procedure({"_source_group": None, **raw}, registry)
    except (KeyError, TypeError, AttributeError, ValueError) as error:
        problem = f"Bản ghi thiếu hoặc sai trường {error}"
        return Entry(number, code, action, problem=problem)
    content = {name: record.get(name) for name in CONTENT_FIELDS}
    content["field"] = slugify(record["field"]) if record["field"] else None
    names = {record["field"]} if record["field"] else set()
    return Entry(
        number,
        code,
        action,
        content,
        field_names={slugify(name): name for name in names},
    )


def _workbook(data: bytes, max_bytes: int) -> DecisionFile:
    registry = AgencyRegistry()
    columns, entries = None, []
    for number, record in bounded_records(sheet_records(data, max_bytes)):
        if columns is None:
            columns = _header(record)
        else:
            entries.append(_list_row(number, record, columns, registry))
    if columns is None:
        raise BadSheet("Không thấy dòng tiêu đề: Mã số, Tên, Cơ quan thực hiện, Lĩnh vực")
    if not entries:
        raise BadSheet("Tệp chỉ có dòng tiêu đề, không có dòng dữ liệu")
    return DecisionFile(entries, registry.agencies())


def _header(record: tuple) -> dict[str, int] | None:
    """The columns of the header row; None for a title row before it."""
    found = {}
    for position, cell in enumerate(record):
        name = next((n for n, keys in COLUMNS.items() if header_key(cell) in keys), None)
        if name and name not in found:
            found[name] = position
    if not {"code", "name"} <= set(found):
        return None
    if "action" not in found:
        raise BadSheet("Thiếu cột hành động: công bố mới / sửa đổi / thay thế / bãi bỏ")
    return found


def _list_row(number: int, record: tuple, columns, registry: AgencyRegistry) -> Entry:
    def cell(name):
        position = columns.get(name)
        return record[position] if position is not None and position < len(record) else None

    code = code_text(cell("code"))
    entry = Entry(number, code, action_of(cell("action")), whole=False)
    if entry.action == "rescinded":
        return entry
    content = {"name": clean_inline(cell_text(cell("name"))) or None}
    agencies = [line for line in re.split(r"[\n;]", cell_text(cell("agencies"))) if line.strip()]
    if agencies:
        codes = [registry.codes(name) for name in agencies]
        content["implementing_agencies"] = list(dict.fromkeys(c for cs in codes for c in cs))
    field_name = clean_inline(cell_text(cell("field")))
    if field_name:
        content["field"] = slugify(field_name)
        entry.field_names = {slugify(field_name): field_name}
    entry.content = {k: v for k, v in content.items() if v is not None}
    return entry
