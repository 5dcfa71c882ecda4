"""Fee cells of the channels table: an amount, 'Miễn phí' or nothing, then '(details)'."""

import re

from search.text import fold
from seeds.importer.cleaning import NO_INFORMATION, clean_inline

CURRENCIES = ("Việt Nam Đồng", "VNĐ", "USD")
AMOUNT = rf"\d[\d.,]*\s?(?:{'|'.join(CURRENCIES)})"
FREE = "Miễn phí"
FEE_START = rf"{FREE}|{NO_INFORMATION}|{AMOUNT}"

_AMOUNT = re.compile(rf"(?P<amount>\d[\d.,]*)\s?(?P<currency>{'|'.join(CURRENCIES)})")
_SENTENCE_END = re.compile(r"\.\s+")
_GROUPED = re.compile(r"[1-9]\d{0,2}(?:,\d{3})*|0")
# 'Miễn phí' is also shown above details that do set a fee ('Mức lệ phí cụ thể do Hội đồng
# nhân dân tỉnh quyết định'); only these details confirm that nothing is charged.
_NO_FEE = re.compile(
    r"(?:khong(?: co| quy dinh| thu(?: le)? phi)?|mien(?: le)? phi)(?: \(thong tu [^()]*\))?"
)


def parse_fee(fee: str, details: str | None) -> dict:
    """fee_vnd for a single amount in VND, fee_free only when the text says nothing is charged;
    unknown is not free. fee_text keeps the raw cell."""
    amount = _AMOUNT.fullmatch(fee)
    raw = clean_inline(fee + (details or ""))
    return {
        "fee_vnd": _vnd(amount) if amount else None,
        "fee_free": fee == FREE and (details is None or states_no_fee(details)),
        "fee_text": None if fee == NO_INFORMATION and details is None else raw,
    }


def states_no_fee(details: str) -> bool:
    """'(Không có)', '(Miễn lệ phí (Thông tư số 47/2019/TT-BTC))' — but not conditions or rates.
    A sentence about an extra asked for on request ('bản sao … (nếu có yêu cầu)') is set aside."""
    text = _unwrap(" ".join(fold(details).split()))
    kept = [s for s in _SENTENCE_END.split(text) if "neu co yeu cau" not in s]
    return _NO_FEE.fullmatch(" ".join(kept).strip(" .;-")) is not None


def _unwrap(text: str) -> str:
    text = text.strip(" .;-")
    while text.startswith("(") and text.endswith(")"):
        text = text[1:-1].strip(" .;-")
    return text


def well_formed_amount(digits: str) -> bool:
    """The portal groups thousands with commas: '1,600,000'; '1100' is not an amount it writes."""
    return _GROUPED.fullmatch(digits) is not None


def _vnd(amount: re.Match) -> int | None:
    if amount["currency"] == "USD" or not well_formed_amount(amount["amount"]):
        return None
    return int(amount["amount"].replace(",", ""))
