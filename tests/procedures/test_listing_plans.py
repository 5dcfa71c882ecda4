"""A listing filtered by agency is planned two ways: few procedures are found by id and sorted,
many are checked along the sort's index. Both plans answer the same pages."""

import datetime as dt

import pytest

from services_api import services
from services_api.procedures import service as listing

AGENCIES = (["so-tu-phap"], ["so-tu-phap", "so-xay-dung"])


def every_page(args: dict) -> tuple[list[str], int]:
    procedures = services.procedure_service()
    codes, page, total = [], 1, None
    while total is None or len(codes) < total:
        items, total = procedures.page(args, page, 50)
        assert items, f"page {page} of {total} empty"
        codes += [item.code for item in items]
        page += 1
    return codes, total


@pytest.mark.parametrize("agencies", AGENCIES)
@pytest.mark.parametrize("sort", ["name", "-updated", "level"])
def test_both_plans_list_the_same_procedures_in_the_same_order(
    catalogue_app, monkeypatch, agencies, sort
):
    args = {"agency": agencies, "sort": sort}
    with catalogue_app.app_context():
        monkeypatch.setattr(listing, "FEW", 10**9)
        by_ids, total = every_page(args)
        monkeypatch.setattr(listing, "FEW", 0)
        along_index, _ = every_page(args)
    assert total > 50 and by_ids == along_index


def test_both_plans_list_the_same_procedures_on_a_past_date(catalogue_app, monkeypatch):
    args = {"agency": AGENCIES[1], "sort": "-level", "as_of": dt.date(2025, 6, 1)}
    with catalogue_app.app_context():
        monkeypatch.setattr(listing, "FEW", 10**9)
        by_ids, _ = every_page(args)
        monkeypatch.setattr(listing, "FEW", 0)
        along_index, _ = every_page(args)
    assert len(by_ids) > 50 and by_ids == along_index
