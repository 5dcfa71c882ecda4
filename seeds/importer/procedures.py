"""One catalogue record from one crawled procedure, in the format seeds/data/PROVENANCE.md gives."""

from seeds.importer.agencies import AgencyRegistry
from seeds.importer.channels import parse_channels
from seeds.importer.cleaning import clean, clean_inline
from seeds.importer.documents import parse_documents
from seeds.importer.legal import parse_legal_basis
from seeds.importer.online import maturity_level, states_full_online
from seeds.importer.repairs import reread
from seeds.importer.results import clean_result
from seeds.importer.source import tiers


def build_procedure(raw: dict, agencies: AgencyRegistry) -> dict:
    """The record, its agencies registered on the way."""
    record = {key: clean(value) if isinstance(value, str) else value for key, value in raw.items()}
    channels = parse_channels(record["cach_thuc_thuc_hien"])
    full_online = states_full_online(record["raw_text"])
    return {
        "code": raw["ma_thu_tuc"].strip(),
        "name": clean_inline(record["ten_thu_tuc"]),
        "decision_number": clean_inline(record["so_quyet_dinh"]),
        "procedure_type": clean_inline(record["loai_thu_tuc"]),
        "field": clean_inline(record["linh_vuc"]),
        "tiers": tiers(raw),
        "competent_agency": agencies.first_code(reread(raw, "co_quan_co_tham_quyen")),
        "implementing_agencies": agencies.codes(reread(raw, "co_quan_thuc_hien")),
        "applicants": clean_inline(record["doi_tuong_thuc_hien"]),
        "steps": record["trinh_tu_thuc_hien"],
        "channels": channels,
        "documents": parse_documents(record["thanh_phan_ho_so"]),
        "documents_text": record["thanh_phan_ho_so"],
        "conditions": record["yeu_cau_dieu_kien"],
        "result": clean_result(raw["ket_qua_xu_ly"]),
        "legal_basis": parse_legal_basis(record["can_cu_phap_ly"]),
        "source_url": raw["detail_url"].strip(),
        "source_group": raw["_source_group"],
        "full_online": full_online,
        "maturity_level": maturity_level(channels, full_online),
    }
