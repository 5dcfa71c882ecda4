"""National and provincial procedure codes: 1.001193 and 1.001193.000.00.00.H<nn>."""

import re

NATIONAL_CODE = re.compile(r"^\d\.\d{6}$")
_PROVINCIAL_SUFFIX = ".000.00.00."


def provincial_code(national_code: str, province_code: str) -> str:
    return f"{national_code}{_PROVINCIAL_SUFFIX}{province_code}"


def national_code(code: str, province_code: str) -> str | None:
    """The national code a national or provincial code names, or None if it names none here."""
    if NATIONAL_CODE.match(code):
        return code
    national, _, rest = code.partition(_PROVINCIAL_SUFFIX)
    if rest == province_code and NATIONAL_CODE.match(national):
        return national
    return None
