"""Schemas shared by several resources, and the constraints the spec states for every input:
text a database stores, slugs, procedure codes, whole numbers."""

import re

import marshmallow as ma

from services_api.vocabulary import Tier

PAGINATION_KEYS = ("page", "page_size")

# Text of a JSON body as services_api.json_body lets it through: no C0 control but tab, line feed
# and carriage return, no DEL (lone surrogates, also refused, are not Unicode text at all).
STORABLE_TEXT = r"^[^\x00-\x08\x0b\x0c\x0e-\x1f\x7f]*$"
# Unicode's control (Cc) and format (Cf) characters, which a query may not hold; as ranges, so
# the spec states them (tests/test_schemas.py checks them against unicodedata).
CONTROL_OR_FORMAT = (
    r"\x00-\x1f\x7f-\x9f\xad\u0600-\u0605\u061c\u06dd\u070f\u0890\u0891\u08e2\u180e"
    r"\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
    "\U000110bd\U000110cd\U00013430-\U00013438\U0001bca0-\U0001bca3\U0001d173-\U0001d17a"
    "\U000e0001\U000e0020-\U000e007f"
)
PRINTABLE_TEXT = f"^[^{CONTROL_OR_FORMAT}]*$"
SLUG = r"^[a-z0-9]+(-[a-z0-9]+)*$"  # agency, field and life event codes
NATIONAL_CODE = r"^\d\.\d{6}$"  # a procedure's code in the national database


class Pattern(ma.validate.Regexp):
    """A regular expression the whole value matches, as JSON Schema's ``pattern`` reads here
    (Python's ``$`` would also let a trailing line feed through)."""

    def __call__(self, value: str) -> str:
        if self.regex.fullmatch(value) is None:
            raise ma.ValidationError(self._format_error(value))
        return value


class StrictQueryArgsSchema(ma.Schema):
    """Query arguments that reject unknown names; pagination is read by flask-smorest itself."""

    IGNORED_KEYS: tuple[str, ...] = PAGINATION_KEYS

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load
    def _drop_ignored(self, data, **kwargs):
        return {k: v for k, v in data.items() if k not in self.IGNORED_KEYS}


def text(max_length: int, *, min_length: int | None = None, **kwargs) -> ma.fields.String:
    """A string of a JSON body: at most ``max_length`` characters a database stores."""
    return ma.fields.String(
        validate=[
            ma.validate.Length(min=min_length, max=max_length),
            Pattern(STORABLE_TEXT, error="Văn bản có ký tự điều khiển."),
        ],
        **kwargs,
    )


def slug(max_length: int = 300, **kwargs) -> ma.fields.String:
    """A code of an agency, a field or a life event: lower-case ASCII words joined by '-', at
    most ``max_length`` characters (what its column holds: 300 for agencies and fields)."""
    return ma.fields.String(
        validate=[
            ma.validate.Length(max=max_length),
            Pattern(SLUG, error="Mã gồm chữ thường không dấu, số và dấu gạch ngang."),
        ],
        **kwargs,
    )


def is_slug(value: str, max_length: int = 300) -> bool:
    """Whether ``value`` is a code ``slug(max_length)`` accepts."""
    return len(value) <= max_length and re.fullmatch(SLUG, value) is not None


def procedure_code(**kwargs) -> ma.fields.String:
    """A procedure's national code, such as 1.001193."""
    return ma.fields.String(
        validate=Pattern(NATIONAL_CODE, error="Mã thủ tục có dạng 1.001193."),
        **kwargs,
    )


class WholeNumber(ma.fields.Integer):
    """An integer as JSON Schema counts them: 4 and 4.0, never "4" nor true."""

    def _validated(self, value):
        whole = isinstance(value, int) or (isinstance(value, float) and value.is_integer())
        if isinstance(value, bool) or not whole:
            raise self.make_error("invalid", input=value)
        return super()._validated(int(value))


def tier_value(**kwargs) -> ma.fields.String:
    """A tier as the string of its ``Tier`` value (dumps and loads plain strings)."""
    return ma.fields.String(validate=ma.validate.OneOf([t.value for t in Tier]), **kwargs)


class CodeNameSchema(ma.Schema):
    code = ma.fields.String()
    name = ma.fields.String()


class LevelCountSchema(ma.Schema):
    level = ma.fields.Integer()
    count = ma.fields.Integer()
    share = ma.fields.Float(metadata={"description": "Percentage of the group, one decimal"})
