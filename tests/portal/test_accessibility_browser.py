"""WCAG 2.1 AA in Chromium: axe-core, loaded into each page under test, finds no violation.

axe-core comes from the npm registry, pinned in .ci/node/package.json and its lock:
`npm ci --prefix .ci/node` (as .ci/run does), or AXE_CORE_JS names an axe.min.js elsewhere.
Without it the tests are skipped, unless REQUIRE_BROWSER=1.
"""

import json
import os
from pathlib import Path

import pytest
from selenium.webdriver.common.by import By

from tests.factories import key_maker
from tests.portal.test_portal_browser import one, open_page, phone, search_for

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parents[2]
AXE_VERSION = "4.14.1"
AXE_DEFAULT = ROOT / ".ci" / "node" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
# Frames of another origin answer the top page's axe only when both allow it.
ALLOW_FRAMES = "axe.configure({ allowedOrigins: ['<unsafe_all_origins>'] });"
RUN = """const done = arguments[arguments.length - 1];
axe.run(document, { runOnly: { type: "tag", values: arguments[0] }, resultTypes: ["violations"] })
  .then((results) => done(JSON.stringify(results.violations)))
  .catch((error) => done(JSON.stringify([{ id: "axe-error", help: String(error), nodes: [] }])));"""


@pytest.fixture(scope="session")
def axe_source() -> str:
    path = Path(os.environ.get("AXE_CORE_JS") or AXE_DEFAULT)
    if not path.is_file():
        reason = f"axe-core {AXE_VERSION} is needed: npm ci --prefix .ci/node (no {path})"
        if os.environ.get("REQUIRE_BROWSER") == "1":
            pytest.fail(reason)
        pytest.skip(reason)
    return path.read_text(encoding="utf-8")


def audit(driver, axe_source: str, frames: tuple[str, ...] = ()) -> list[dict]:
    """The WCAG 2.1 A and AA violations of the page (and of the frames named by selectors)."""
    for frame in frames:
        driver.switch_to.frame(driver.find_element(By.CSS_SELECTOR, frame))
        driver.execute_script(axe_source + ALLOW_FRAMES)
        driver.switch_to.default_content()
    driver.execute_script(axe_source + ALLOW_FRAMES)
    assert driver.execute_script("return axe.version") == AXE_VERSION
    driver.set_script_timeout(60)
    try:
        return json.loads(driver.execute_async_script(RUN, WCAG_21_AA))
    finally:
        driver.set_script_timeout(10)


def described(violations: list[dict]) -> str:
    lines = []
    for violation in violations:
        targets = [node["target"] for node in violation["nodes"][:5]]
        summary = violation["nodes"][0]["failureSummary"] if violation["nodes"] else ""
        lines.append(f"{violation['id']}: {violation['help']} {targets} {summary}")
    return "\n".join(lines)


def assert_accessible(driver, axe_source, frames=()):
    violations = audit(driver, axe_source, frames)
    assert violations == [], described(violations)


# Each page as its address opens it, and what shows that it is all on screen.
PAGES = {
    "welcome": ("/", ".tthc-events a"),
    "results": ("/?q=dang+ky+khai+sinh", ".tthc-filters input"),
    "procedure": ("/?code=1.001193", ".tthc-procedure__title"),
    "life event": ("/?event=sinh-con", ".tthc-event .tthc-hit"),
    "statistics": ("/?view=stats&by=tier", ".tthc-stats-table .tthc-stack__part"),
    "statistics by agency": ("/?view=stats&by=agency", ".tthc-stats-table .tthc-stack__part"),
    "nothing found": ("/?q=xqzvwj", ".tthc-empty"),
    "unknown procedure": ("/?code=9.999999", ".tthc-error"),
}


@pytest.mark.parametrize("page", PAGES)
def test_page(axe_source, browser, servers, page):
    address, shown = PAGES[page]
    open_page(browser, servers["root"] + address)
    one(browser, shown)
    assert_accessible(browser, axe_source)


def test_results_on_a_phone(axe_source, browser, servers):
    phone(browser)
    open_page(browser, servers["root"] + "/")
    search_for(browser, "giay phep")
    assert_accessible(browser, axe_source)


def test_suggestions_open(axe_source, browser, servers):
    open_page(browser, servers["root"] + "/")
    one(browser, ".tthc-input").send_keys("dang ky ket h")
    one(browser, ".tthc-suggest:not([hidden]) [role='option']")
    assert_accessible(browser, axe_source)


def test_page_mounted_with_a_script_tag(axe_source, browser, servers):
    open_page(browser, servers["host"] + "/script.html")
    search_for(browser, "dang ky khai sinh")
    assert_accessible(browser, axe_source)


def test_the_audit_reports_what_it_is_for(axe_source, browser, servers):
    open_page(browser, servers["root"] + "/")
    one(browser, ".tthc-events a")
    browser.execute_script(
        """const box = document.createElement("input");
        const faint = document.createElement("p");
        faint.textContent = "chữ mờ";
        faint.style.color = "#bbb";
        document.querySelector("main").append(box, faint);"""
    )
    found = {violation["id"] for violation in audit(browser, axe_source)}
    assert {"label", "color-contrast"} <= found


def test_page_embedded_in_an_iframe(axe_source, browser, servers):
    browser.get(servers["host"] + "/iframe.html")
    browser.switch_to.frame(one(browser, "iframe#dvc"))
    one(browser, ".tthc-hit .tthc-hit__title")
    browser.switch_to.default_content()
    assert_accessible(browser, axe_source, frames=("iframe#dvc",))


@pytest.fixture
def rescinded(servers):
    """A procedure of the shared catalogue rescinded for the test, restored after it."""
    client, token = servers["app"].test_client(), key_maker(servers["app"])("admin")
    code = "1.000016"  # in no life event, named by no other test

    def set_status(status: str, number: str, day: str) -> None:
        headers = {
            "Authorization": f"Bearer {token}",
            "If-Match": client.get(f"/api/v1/procedures/{code}").headers["ETag"],
        }
        body = {"status": status, "decision": {"number": number, "date": day}}
        response = client.put(f"/api/v1/procedures/{code}/status", json=body, headers=headers)
        assert response.status_code == 200, response.json

    set_status("rescinded", "61/QĐ-UBND", "2025-06-01")
    yield code
    set_status("active", "62/QĐ-UBND", "2025-06-02")


def test_rescinded_procedure(axe_source, browser, servers, rescinded):
    open_page(browser, f"{servers['root']}/?code={rescinded}")
    notice = one(browser, ".tthc-procedure .tthc-rescinded")
    assert "Thủ tục này đã bãi bỏ theo Quyết định số 61/QĐ-UBND ngày 01/06/2025." in notice.text
    assert_accessible(browser, axe_source)
