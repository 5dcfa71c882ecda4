"""Schemas shared by several resources."""

import marshmallow as ma

from services_api.vocabulary import Tier

PAGINATION_KEYS = ("page", "page_size")


class StrictQueryArgsSchema(ma.Schema):
    """Query arguments that reject unknown names; pagination is read by flask-smorest itself."""

    IGNORED_KEYS: tuple[str, ...] = PAGINATION_KEYS

    class Meta:
        unknown = ma.RAISE

    @ma.pre_load
    def _drop_ignored(self, data, **kwargs):
        return {k: v for k, v in data.items() if k not in self.IGNORED_KEYS}


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
