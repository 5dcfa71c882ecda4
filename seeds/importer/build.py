"""The whole build: national crawl in, the three files of seeds/data out."""

from dataclasses import dataclass
from pathlib import Path

from search.text import slugify
from seeds.importer.agencies import AgencyRegistry
from seeds.importer.procedures import build_procedure
from seeds.importer.source import is_local, read_records
from seeds.importer.writer import write_json, write_jsonl_gz

DATA_DIR = Path(__file__).resolve().parent.parent / "data"
PROCEDURES, AGENCIES, FIELDS = "procedures.jsonl.gz", "agencies.json", "fields.json"


@dataclass
class Catalogue:
    procedures: list[dict]
    agencies: list[dict]
    fields: list[dict]


def build(source: Path) -> Catalogue:
    registry = AgencyRegistry()
    records = [build_procedure(raw, registry) for raw in read_records(source) if is_local(raw)]
    records.sort(key=lambda record: record["code"])
    return Catalogue(records, registry.agencies(), fields_of(records))


def fields_of(procedures: list[dict]) -> list[dict]:
    names = {p["field"] for p in procedures if p["field"]}
    return sorted(
        ({"code": slugify(name), "name": name} for name in names), key=lambda f: f["code"]
    )


def write(catalogue: Catalogue, out: Path = DATA_DIR) -> None:
    out.mkdir(parents=True, exist_ok=True)
    write_jsonl_gz(out / PROCEDURES, catalogue.procedures)
    write_json(out / AGENCIES, catalogue.agencies)
    write_json(out / FIELDS, catalogue.fields)
