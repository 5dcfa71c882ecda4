"""The pages under their Content-Security-Policy in Chromium: the citizen page and the API docs
work, and the browser reports no violation."""

import pytest
from selenium.webdriver.common.by import By

from tests.portal.test_portal_browser import (
    css,
    is_local,
    one,
    open_page,
    requested_urls,
    search_for,
    wait,
)

pytestmark = pytest.mark.browser

RECORD_VIOLATIONS = """window.__cspViolations = [];
document.addEventListener("securitypolicyviolation",
  (e) => window.__cspViolations.push(`${e.violatedDirective} ${e.blockedURI}`));"""


@pytest.fixture
def watched(browser):
    """The browser, recording every CSP violation of the pages it opens."""
    script = browser.execute_cdp_cmd(
        "Page.addScriptToEvaluateOnNewDocument", {"source": RECORD_VIOLATIONS}
    )
    yield browser
    browser.execute_cdp_cmd("Page.removeScriptToEvaluateOnNewDocument", script)


def violations(driver) -> list[str]:
    reported = driver.execute_script("return window.__cspViolations || []")
    logged = [
        e["message"] for e in driver.get_log("browser") if "Content Security Policy" in e["message"]
    ]
    return reported + logged


def test_the_citizen_page_works_under_its_policy(watched, servers):
    policy = servers["app"].test_client().get("/").headers["Content-Security-Policy"]
    assert "script-src 'self'" in policy
    open_page(watched, servers["root"] + "/")
    search_for(watched, "dang ky khai sinh")
    one(watched, ".tthc-hit a").click()
    one(watched, ".tthc-procedure__title")
    assert violations(watched) == []
    open_page(watched, servers["root"] + "/?view=stats&by=tier")
    one(watched, ".tthc-stats-table .tthc-stack__part")
    assert violations(watched) == []


def test_the_docs_work_under_their_policy_with_local_assets_only(watched, servers):
    requested_urls(watched)
    watched.get(servers["root"] + "/api/v1/docs")
    wait(watched, lambda d: len(css(d, ".opblock")) > 10, timeout=20)
    agencies = wait(
        watched,
        lambda d: [b for b in css(d, ".opblock-summary-path") if b.text == "/api/v1/agencies"],
    )[0]
    agencies.click()
    one(watched, ".try-out__btn").click()
    one(watched, ".execute").click()
    status = one(watched, ".live-responses-table tbody .response-col_status")
    assert status.text.startswith("200")  # "Try it out" reached the API under connect-src
    assert violations(watched) == []
    urls = requested_urls(watched)
    assert urls and [u for u in urls if not is_local(u)] == []
    assert watched.find_elements(By.CSS_SELECTOR, "main#swagger-ui")
