"""Writes corpus.jsonl: real procedures for the backend contract suite (run by hand, once).

Source: shared/data/tthc-national/procedures.raw.jsonl.gz (the National Public Service Portal's
procedure database as crawled by github.com/chatbot-tthc/chatbot_tthc @ 53229487; see
shared/data/PROVENANCE.md). Each record is mapped the simple way below; the text (target groups,
steps, documents, conditions, result) is cut to TEXT_CHARS characters so that the suite stays
fast on the slow ES-8 test server. Maturity level, kind and online are derived from the channels
text (the crawl has no maturity level). Nothing is invented.

    .venv/bin/python tests/search/make_corpus.py \
        ../shared/data/tthc-national/procedures.raw.jsonl.gz
"""

import gzip
import json
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[2]))

from search.text import slugify  # noqa: E402

TEXT_CHARS = 600
TEXT_KEYS = (
    "doi_tuong_thuc_hien",
    "trinh_tu_thuc_hien",
    "thanh_phan_ho_so",
    "yeu_cau_dieu_kien",
    "ket_qua_xu_ly",
)
CODES = """
1.001193 1.000894 1.000656 1.001022 1.004837 2.000635 2.000942 2.000815 3.000348 1.012549
1.014061 1.014062 1.014063 1.004222 1.003197 1.002755 1.010038 1.010041 1.001612 2.001610
3.000333 3.000335 1.001686 1.004363 1.004839 1.000081 1.000049 1.011671 1.004205 2.001730
1.004692 2.001694 1.004163 1.003220 1.012783 1.012787 1.012784 1.013225 1.013228 1.007037
1.008498 1.001456 1.001445 1.001194 3.000489 1.000688 1.004756 1.000703 1.014257 1.012812
""".split()


def to_document(raw: dict) -> dict:
    levels = raw["cap_thuc_hien"]
    tiers = [t for t, label in (("province", "Cấp tỉnh"), ("commune", "Cấp xã")) if label in levels]
    channels = raw.get("cach_thuc_thuc_hien") or ""
    online = "Trực tuyến" in channels
    agency = (raw.get("co_quan_thuc_hien") or "").split(",")[0].strip()
    if not agency or agency == "Không có thông tin":
        agency = None
    text = "\n".join(raw.get(key) or "" for key in TEXT_KEYS)
    return {
        "code": raw["ma_thu_tuc"],
        "name": " ".join(raw["ten_thu_tuc"].split()),
        "text": text[:TEXT_CHARS],
        "agency": slugify(agency) if agency else None,
        "agency_name": agency,
        "field": slugify(raw["linh_vuc"]),
        "field_name": raw["linh_vuc"],
        "tiers": tiers,
        "maturity_level": 4 if online else (3 if "Dịch vụ bưu chính" in channels else 2),
        "kind": "full" if online else "partial",
        "online": online,
    }


def main(source: str) -> None:
    with gzip.open(source, "rt", encoding="utf-8") as lines:
        raws = {raw["ma_thu_tuc"]: raw for raw in map(json.loads, lines)}
    target = Path(__file__).with_name("corpus.jsonl")
    with target.open("w", encoding="utf-8") as out:
        for code in sorted(CODES):
            out.write(json.dumps(to_document(raws[code]), ensure_ascii=False) + "\n")
    print(f"wrote {len(CODES)} procedures to {target}")


if __name__ == "__main__":
    main(sys.argv[1])
