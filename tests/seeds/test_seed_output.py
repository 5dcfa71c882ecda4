"""The committed seed files (seeds/data): counts, references, levels, and a byte-exact rebuild."""

import gzip
import json
from functools import cache
from pathlib import Path

import pytest

import seeds
from search.text import normalize, slugify
from seeds.importer.build import AGENCIES, FIELDS, PROCEDURES, build, write
from seeds.importer.online import maturity_level
from seeds.importer.source import DEFAULT_SOURCE

DATA = Path(seeds.__file__).parent / "data"
EVAL = Path("/work/shared/eval/relevance-dev.jsonl")
# Đăng ký khai sinh, kết hôn, cấp lại GPLX, and every code of the search evaluation set.
REQUIRED_CODES = """
1.001193 1.000894 3.000348 1.012549 1.000656 1.000688 1.000703 1.000828 1.001022 1.001146
1.001445 1.001456 1.001612 1.002411 1.002755 1.003197 1.004222 1.004756 1.004837 1.008498
1.010038 1.010041 1.010385 1.010386 1.012575 1.012784 1.012812 1.013066 1.013067 1.013076
1.014257 2.000635 2.000815 2.000942 2.001263 2.001610 3.000333 3.000334 3.000335 3.000489
""".split()
CHANNEL_KEYS = {"method", "time_value", "time_unit", "time_text", "fee_vnd", "fee_free"}
CHANNEL_KEYS |= {"fee_text", "note"}


@cache
def procedures() -> tuple[dict, ...]:
    with gzip.open(DATA / PROCEDURES, "rt", encoding="utf-8") as lines:
        return tuple(json.loads(line) for line in lines)


@cache
def agencies() -> dict[str, dict]:
    return {a["code"]: a for a in json.loads((DATA / AGENCIES).read_text("utf-8"))}


def test_the_province_and_commune_procedures_each_once_sorted():
    codes = [p["code"] for p in procedures()]
    assert len(codes) == 1601
    assert codes == sorted(set(codes))
    assert all({"province", "commune"} & set(p["tiers"]) for p in procedures())


def test_required_codes_are_present():
    assert set(REQUIRED_CODES) <= {p["code"] for p in procedures()}
    names = {p["code"]: p["name"] for p in procedures()}
    assert names["1.001193"] == "Thủ tục đăng ký khai sinh"


@pytest.mark.skipif(not EVAL.exists(), reason="the shared evaluation set is not mounted")
def test_every_evaluation_code_is_present():
    relevant = {
        c for line in EVAL.read_text("utf-8").splitlines() for c in json.loads(line)["relevant"]
    }
    assert relevant <= {p["code"] for p in procedures()}


def test_levels_follow_the_seeding_rule():
    for procedure in procedures():
        assert procedure["maturity_level"] in (2, 3, 4)
        expected = maturity_level(procedure["channels"], procedure["full_online"])
        assert procedure["maturity_level"] == expected, procedure["code"]


def test_referenced_agencies_and_parents_exist():
    for procedure in procedures():
        referenced = [procedure["competent_agency"] or "", *procedure["implementing_agencies"]]
        assert set(referenced) - {""} <= agencies().keys(), procedure["code"]
    assert {a["parent"] for a in agencies().values()} - {None} <= agencies().keys()


def test_every_agency_is_referred_to():
    referred = {p["competent_agency"] for p in procedures()}
    referred |= {code for p in procedures() for code in p["implementing_agencies"]}
    assert agencies().keys() <= referred | {a["parent"] for a in agencies().values()}


def test_agency_codes_are_slugs_of_their_names():
    for code, agency in agencies().items():
        assert code == slugify(agency["name"])
        assert agency["tier"] in ("ministry", "province", "commune", "other")


def test_fields_are_unique_and_referenced_fields_exist():
    fields = json.loads((DATA / FIELDS).read_text("utf-8"))
    assert len({f["code"] for f in fields}) == len(fields)
    assert {p["field"] for p in procedures()} - {None} <= {f["name"] for f in fields}


def test_channels_have_the_contract_shape():
    for channel in (c for p in procedures() for c in p["channels"]):
        assert set(channel) == CHANNEL_KEYS
        assert channel["method"] in ("in_person", "online", "post")
        assert not (channel["fee_free"] and channel["fee_vnd"])


def test_text_is_normalised_and_absent_values_are_null():
    for procedure in procedures():
        for key in ("name", "applicants", "conditions", "result", "steps"):
            value = procedure[key]
            assert value is None or (value == normalize(value) and value != "Không có thông tin")


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_SOURCE.exists(), reason="the national crawl is not mounted")
def test_rebuild_gives_the_committed_bytes(tmp_path):
    write(build(DEFAULT_SOURCE), tmp_path)
    for name in (PROCEDURES, AGENCIES, FIELDS):
        assert (tmp_path / name).read_bytes() == (DATA / name).read_bytes(), name
