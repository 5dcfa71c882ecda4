"""The citizens' search page in headless Chromium, as a person on a computer or a phone uses it."""

import json
import statistics
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

import pytest
from selenium.common.exceptions import StaleElementReferenceException
from selenium.webdriver.common.by import By
from selenium.webdriver.common.keys import Keys
from selenium.webdriver.support.ui import WebDriverWait
from sqlalchemy import select

from services_api.extensions import db
from services_api.procedures.models import Channel, ChannelMethod, Procedure

pytestmark = pytest.mark.browser

ARTIFACTS = Path(__file__).resolve().parents[1] / "_artifacts"
LOCAL_HOSTS = {"127.0.0.1", "localhost", "::1"}
TIME_TO_RESULTS_MS = 300


def wait(driver, condition, timeout=10):
    """Polls `condition` until it is truthy; elements replaced meanwhile count as not yet."""
    waiting = WebDriverWait(
        driver, timeout, poll_frequency=0.05, ignored_exceptions=[StaleElementReferenceException]
    )
    return waiting.until(lambda d: condition(d))


def css(driver, selector):
    return driver.find_elements(By.CSS_SELECTOR, selector)


def one(driver, selector, timeout=10):
    return wait(driver, lambda d: (css(d, selector) or [None])[0], timeout)


def open_page(driver, url):
    driver.get(url)
    one(driver, ".tthc-input")


def search_for(driver, text):
    """Types a query like a person and submits it; waits for the new results."""
    box = one(driver, ".tthc-input")
    box.clear()
    box.send_keys(text)
    old_title = (css(driver, "#tthc-results-title") or [None])[0]
    box.send_keys(Keys.ENTER)
    wait(
        driver,
        lambda d: css(d, "#tthc-results-title") and css(d, "#tthc-results-title")[0] != old_title,
    )


def state(driver) -> dict:
    parts = urlsplit(driver.current_url)
    return parse_qs(parts.fragment if parts.fragment else parts.query)


def total(driver) -> int:
    title = one(driver, "#tthc-results-title").text
    digits = title.split(" ")[0].replace(".", "")
    return int(digits) if digits.isdigit() else 0


def facet_counts(driver, name) -> dict[str, int]:
    counts = {}
    for box in css(driver, f'.tthc-filters input[name="{name}"]'):
        label = driver.find_element(By.CSS_SELECTOR, f'label[for="{box.get_attribute("id")}"]')
        counts[box.get_attribute("value")] = int(
            label.find_element(By.CSS_SELECTOR, ".tthc-count").text.strip("()").replace(".", "")
        )
    return counts


def measures(driver, name) -> list[float]:
    return driver.execute_script(
        "return performance.getEntriesByName(arguments[0], 'measure').map(m => m.duration)", name
    )


def requested_urls(driver) -> list[str]:
    """Every URL the browser asked for since the last call (Chrome's performance log)."""
    urls = []
    for entry in driver.get_log("performance"):
        message = json.loads(entry["message"])["message"]
        if message["method"] == "Network.requestWillBeSent":
            urls.append(message["params"]["request"]["url"])
    return urls


def is_local(url: str) -> bool:
    parts = urlsplit(url)
    return parts.scheme in ("data", "blob", "about") or parts.hostname in LOCAL_HOSTS


def screenshot(driver, name):
    ARTIFACTS.mkdir(exist_ok=True)
    height = driver.execute_script("return document.documentElement.scrollHeight")
    width = driver.execute_script("return window.innerWidth")
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {
            "width": width,
            "height": min(height, 6000),
            "deviceScaleFactor": 1,
            "mobile": width < 600,
        },
    )
    driver.save_screenshot(str(ARTIFACTS / f"{name}.png"))


def phone(driver):
    driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": 375, "height": 800, "deviceScaleFactor": 1, "mobile": True},
    )


def no_horizontal_scroll(driver) -> bool:
    return driver.execute_script("return document.documentElement.scrollWidth <= window.innerWidth")


@pytest.fixture(scope="module")
def catalogue(servers):
    """Codes of procedures the scenarios need, read from the database the page is served from."""
    app = servers["app"]
    with app.app_context():
        session = db.session
        with_fee = session.scalar(
            select(Procedure.code)
            .join(Channel, Channel.procedure_id == Procedure.id)
            .where(Channel.fee_vnd > 0, Channel.method == ChannelMethod.IN_PERSON)
            .order_by(Procedure.code)
            .limit(1)
        )
        fee = session.scalar(
            select(Channel.fee_vnd)
            .join(Procedure, Channel.procedure_id == Procedure.id)
            .where(Procedure.code == with_fee, Channel.fee_vnd > 0)
            .limit(1)
        )
    return {"with_fee": with_fee, "fee": fee}


def test_search_without_tone_marks_finds_birth_registration_first(browser, servers, timings):
    open_page(browser, servers["root"] + "/")
    for _ in range(5):
        search_for(browser, "dang ky khai sinh")
        first = one(browser, ".tthc-hit .tthc-hit__title")
        assert first.text.casefold().removeprefix("thủ tục ") == "đăng ký khai sinh"
        assert first.find_elements(By.TAG_NAME, "mark")
        elapsed = measures(browser, "tthc:time-to-results")[-1]
        timings("search: submit → results rendered", elapsed)
        search_for(browser, "cap doi giay phep lai xe")
        timings("search: submit → results rendered", measures(browser, "tthc:time-to-results")[-1])
    assert statistics.median(measures(browser, "tthc:time-to-results")) < TIME_TO_RESULTS_MS

    search_for(browser, "dang ky khai sinh")
    assert state(browser)["q"] == ["dang ky khai sinh"]
    browser.refresh()  # the URL is enough to show the same results again
    first = one(browser, ".tthc-hit .tthc-hit__title")
    assert first.text.casefold().removeprefix("thủ tục ") == "đăng ký khai sinh"
    assert one(browser, ".tthc-input").get_attribute("value") == "dang ky khai sinh"
    timings("page load → first results", measures(browser, "tthc:load-to-results")[-1])
    screenshot(browser, "desktop-results")


def test_suggestion_is_chosen_with_the_keyboard(browser, servers, timings):
    open_page(browser, servers["root"] + "/")
    box = one(browser, ".tthc-input")
    assert box.get_attribute("role") == "combobox"
    box.send_keys("dang ky ket h")
    listbox = one(browser, ".tthc-suggest:not([hidden])")
    options = listbox.find_elements(By.CSS_SELECTOR, '[role="option"]')
    assert options and box.get_attribute("aria-expanded") == "true"
    assert any("kết hôn" in o.text for o in options)
    timings(
        "suggest: last keystroke → suggestions (incl. 150 ms debounce)",
        measures(browser, "tthc:time-to-suggestions")[-1],
    )

    box.send_keys(Keys.ESCAPE)
    wait(browser, lambda d: box.get_attribute("aria-expanded") == "false")
    box.send_keys(Keys.ARROW_DOWN)
    one(browser, ".tthc-suggest:not([hidden])")
    box.send_keys(Keys.ARROW_DOWN)
    active = box.get_attribute("aria-activedescendant")
    chosen = browser.find_element(By.ID, active)
    assert chosen.get_attribute("aria-selected") == "true"
    name, code = chosen.text, chosen.get_attribute("data-code")
    box.send_keys(Keys.ENTER)

    title = one(browser, ".tthc-procedure__title")
    assert title.text == name
    assert state(browser)["code"] == [code]
    assert browser.switch_to.active_element == title  # focus moved to the opened procedure


def test_level_filter_changes_results_and_counts(browser, servers):
    open_page(browser, servers["root"] + "/")
    search_for(browser, "giay phep")
    before = total(browser)
    levels, tiers = facet_counts(browser, "level"), facet_counts(browser, "tier")
    level = max((lv for lv in "1234" if 0 < levels[lv] < before), key=levels.get)
    assert levels[level] > 10  # more than one page

    checkbox = f'.tthc-filters input[name="level"][value="{level}"]'
    browser.find_element(By.CSS_SELECTOR, checkbox).click()
    wait(browser, lambda d: total(d) == levels[level])
    assert state(browser)["level"] == [level]
    assert facet_counts(browser, "tier") != tiers  # the other facets follow the filter
    assert facet_counts(browser, "level") == levels  # its own facet keeps the other choices
    for hit in css(browser, ".tthc-hit"):
        assert hit.get_attribute("data-level") == level

    browser.back()  # the filter was a history entry
    wait(browser, lambda d: total(d) == before)
    browser.forward()
    wait(browser, lambda d: total(d) == levels[level])

    next_page = one(browser, '.tthc-pagination a[rel="next"]')
    first_code = css(browser, ".tthc-hit")[0].get_attribute("data-code")
    next_page.click()
    wait(
        browser,
        lambda d: (
            state(d).get("page") == ["2"]
            and css(d, ".tthc-hit")[0].get_attribute("data-code") != first_code
        ),
    )
    browser.refresh()
    current = one(browser, '.tthc-pagination [aria-current="page"]')
    assert current.text == "2"
    assert one(browser, checkbox).is_selected()


def test_procedure_shows_channels_fees_and_documents(browser, servers, catalogue):
    code = catalogue["with_fee"]
    assert code, "the seeded catalogue has a procedure with a fee"
    open_page(browser, f"{servers['root']}/?code={code}")
    one(browser, ".tthc-procedure__title")
    channels = one(browser, ".tthc-channels")
    assert "Trực tiếp" in channels.text
    expected_fee = f"{catalogue['fee']:,}".replace(",", ".") + " đồng"
    assert expected_fee in channels.text
    sections = [h.text for h in css(browser, ".tthc-section h3")]
    assert "Cách thức thực hiện" in sections and "Thành phần hồ sơ" in sections
    assert "Căn cứ pháp lý" in sections
    history = servers["app"].test_client().get(f"/api/v1/procedures/{code}/maturity/history")
    assert ("Lịch sử mức độ dịch vụ công" in sections) == (history.status_code == 200)
    screenshot(browser, "desktop-procedure")

    one(browser, ".tthc-back a").click()
    one(browser, ".tthc-welcome, #tthc-results-title")
    assert "code" not in state(browser)


def test_statistics_per_level_for_the_province_and_by_tier(browser, servers):
    stats = servers["app"].test_client().get("/api/v1/stats/maturity").get_json()
    open_page(browser, servers["root"] + "/")
    browser.find_element(By.LINK_TEXT, "Thống kê mức độ").click()
    cards = one(browser, ".tthc-cards")
    assert f"{stats['procedure_count']:,}".replace(",", ".") in cards.text
    columns = css(browser, ".tthc-column")
    assert [c.get_attribute("data-level") for c in columns] == ["1", "2", "3", "4"]
    assert state(browser)["view"] == ["stats"]

    browser.find_element(By.LINK_TEXT, "Theo cấp").click()
    wait(browser, lambda d: state(d).get("by") == ["tier"])
    rows = wait(
        browser,
        lambda d: (
            "Cấp tỉnh" in (names := [r.text for r in css(d, ".tthc-stats-table tbody th")])
            and names
        ),
    )
    assert "Cấp xã" in rows
    bars = css(browser, ".tthc-stats-table .tthc-stack__part")
    assert bars and all(b.size["width"] >= 0 for b in bars)
    screenshot(browser, "desktop-statistics")


def test_phone_width_has_no_horizontal_scroll(browser, servers, catalogue):
    phone(browser)
    open_page(browser, servers["root"] + "/")
    assert no_horizontal_scroll(browser)
    search_for(browser, "dang ky khai sinh")
    assert no_horizontal_scroll(browser)
    filters = one(browser, ".tthc-filters")
    assert filters.get_attribute("open") is None  # folded away on a phone
    screenshot(browser, "phone-results")

    phone(browser)
    open_page(browser, f"{servers['root']}/?code={catalogue['with_fee']}")
    one(browser, ".tthc-channels")
    assert no_horizontal_scroll(browser)
    screenshot(browser, "phone-procedure")

    phone(browser)
    open_page(browser, f"{servers['root']}/?view=stats&by=agency")
    one(browser, ".tthc-stats-table")
    assert no_horizontal_scroll(browser)
    screenshot(browser, "phone-statistics")


def test_works_under_a_path_prefix(browser, servers):
    base = servers["prefixed"]
    open_page(browser, base + "/")
    search_for(browser, "dang ky khai sinh")
    assert urlsplit(browser.current_url).path == "/dvc/"
    one(browser, ".tthc-hit a").click()
    one(browser, ".tthc-procedure__title")
    browser.find_element(By.LINK_TEXT, "Thống kê mức độ").click()
    one(browser, ".tthc-stats-table")
    urls = [u for u in requested_urls(browser) if not u.startswith(("data:", "about:"))]
    assert urls and all(urlsplit(u).path.startswith("/dvc/") for u in urls), urls


def test_embedded_with_a_script_tag_in_another_origin(browser, servers):
    open_page(browser, servers["host"] + "/script.html")
    assert browser.find_element(By.TAG_NAME, "h1").text == "Cổng thông tin điện tử tỉnh"
    search_for(browser, "dang ky khai sinh")
    assert css(browser, "#dvc .tthc-hit")
    assert urlsplit(browser.current_url).path == "/script.html"  # the state is in the hash
    assert state(browser)["q"] == ["dang ky khai sinh"]
    one(browser, ".tthc-hit a").click()
    one(browser, ".tthc-procedure__title")
    errors = [
        e
        for e in browser.get_log("browser")
        if e["level"] == "SEVERE" and "maturity/history" not in e["message"]
    ]
    assert not errors


def test_embedded_in_an_iframe(browser, servers):
    browser.get(servers["host"] + "/iframe.html")
    browser.switch_to.frame(one(browser, "iframe#dvc"))
    try:
        first = one(browser, ".tthc-hit .tthc-hit__title")
        assert "kết hôn" in first.text
    finally:
        browser.switch_to.default_content()


def test_no_request_leaves_this_machine(browser, servers, catalogue):
    requested_urls(browser)
    open_page(browser, servers["root"] + "/")
    box = one(browser, ".tthc-input")
    box.send_keys("cap doi gplx")
    one(browser, ".tthc-suggest:not([hidden])")
    box.send_keys(Keys.ENTER)
    one(browser, ".tthc-hit a").click()
    one(browser, ".tthc-procedure__title")
    browser.get(f"{servers['root']}/?view=stats&by=tier")
    one(browser, ".tthc-stats-table")
    resources = browser.execute_script(
        "return performance.getEntriesByType('resource').map(e => e.name)"
    )
    urls = requested_urls(browser) + resources
    assert len(urls) > 5
    assert [u for u in urls if not is_local(u)] == []


def test_highlights_only_ever_become_mark_elements(browser, servers):
    open_page(browser, servers["root"] + "/")
    html = browser.execute_async_script(
        """const done = arguments[arguments.length - 1];
        import(arguments[0]).then(({ marked }) => {
          const box = document.createElement("p");
          box.append(marked(
            'a &lt;b&gt; <img src=x onerror="window.pwned=1"> <mark>đăng</mark> &amp; <b>x</b>'));
          done([box.innerHTML, box.querySelectorAll("*").length, window.pwned || 0]);
        });""",
        servers["root"] + "/static/portal/dom.js",
    )
    inner, elements, pwned = html
    assert elements == 1 and pwned == 0
    assert "<mark>đăng</mark>" in inner and "&lt;img" in inner
