"""A rescinded procedure's page on the citizens' portal says so, with its decision, and offers no
online application; an active one shows no notice. The portal's own procedure view renders the
API's answer outside a browser (Node, tests/portal/render_procedure.mjs)."""

import json
import re
import shutil
import subprocess
from pathlib import Path

import pytest

from tests.conftest import skip_unless_required
from tests.factories import AGENCY_A, pick
from tests.helpers import bearer, etag_of

RENDER = Path(__file__).with_name("render_procedure.mjs")
ONLINE = "https://dichvucong.example.gov.vn/nop-ho-so"
RESCINDING = {"status": "rescinded", "decision": {"number": "61/QĐ-UBND", "date": "2025-06-01"}}
NOTICE = re.compile(r'<div class="tthc-notice tthc-rescinded"><p><strong>([^<]*)</strong>')


@pytest.fixture(scope="module")
def node() -> str:
    found = shutil.which("node")
    if found is None:
        skip_unless_required("REQUIRE_BROWSER", "Node is needed to render the portal's views")
    return found


def page(node: str, procedure: dict) -> str:
    """The portal's page of ``procedure`` (an API answer), as HTML."""
    shown = {**procedure, "online_service_url": ONLINE}  # an address to apply at, if it may
    payload = json.dumps({"procedure": shown, "history": None}).encode()
    done = subprocess.run(
        [node, str(RENDER)], input=payload, capture_output=True, check=True, timeout=30
    )
    return done.stdout.decode()


def test_a_rescinded_procedures_page_says_so_with_its_decision(small_client, admin, node):
    code = pick(AGENCY_A, online=True)
    active = page(node, small_client.get(f"/api/v1/procedures/{code}").json)
    assert "tthc-rescinded" not in active and "đã bãi bỏ" not in active
    assert f'href="{ONLINE}"' in active  # in force: apply online

    headers = {**bearer(admin), "If-Match": etag_of(small_client, code)}
    response = small_client.put(
        f"/api/v1/procedures/{code}/status", json=RESCINDING, headers=headers
    )
    assert response.status_code == 200, response.json
    rescinded = page(node, small_client.get(f"/api/v1/procedures/{code}").json)
    (notice,) = NOTICE.findall(rescinded)
    assert notice == "Thủ tục này đã bãi bỏ theo Quyết định số 61/QĐ-UBND ngày 01/06/2025."
    assert "không tiếp nhận hồ sơ" in rescinded
    # right under the title, where the page's focus lands
    assert re.search(r'class="tthc-procedure__title">[^<]*</h2><div class="tthc-notice', rescinded)
    assert 'data-status="rescinded"' in rescinded
    assert f'href="{ONLINE}"' not in rescinded  # nothing to apply for


@pytest.mark.parametrize(
    ("rescission", "notice"),
    [
        (None, "Thủ tục này đã bãi bỏ."),
        (
            {"number": "7/QĐ-UBND", "date": None},
            "Thủ tục này đã bãi bỏ theo Quyết định số 7/QĐ-UBND.",
        ),
        ({"number": "", "date": "2024-12-31"}, "Thủ tục này đã bãi bỏ từ ngày 31/12/2024."),
    ],
)
def test_the_notice_says_what_is_known_of_the_decision(node, rescission, notice):
    procedure = {"code": "1.000001", "name": "Thủ tục", "maturity_level": 2}
    procedure |= {"status": "rescinded", "rescission": rescission}
    assert NOTICE.findall(page(node, procedure)) == [notice]
