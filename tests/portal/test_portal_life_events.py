"""Life events on the citizens' page: browsed from the welcome page, and named in results."""

import json
import urllib.request

import pytest

from tests.portal.test_portal_browser import css, one, open_page, search_for, state, wait

pytestmark = pytest.mark.browser


def event_codes(root: str, code: str) -> list[str]:
    with urllib.request.urlopen(f"{root}/api/v1/life-events/{code}") as response:
        return json.load(response)["procedure_codes"]


def shown_codes(driver) -> list[str]:
    return [item.get_attribute("data-code") for item in css(driver, ".tthc-hit")]


def test_events_are_browsed_from_the_welcome_page(browser, servers):
    open_page(browser, servers["root"] + "/")
    chip = one(browser, '.tthc-events a[data-event="mua-ban-nha-dat"]')
    assert css(browser, ".tthc-events__audience")
    chip.click()
    title = one(browser, ".tthc-event h2")
    assert title.text == "Mua bán nhà đất"
    assert state(browser)["event"] == ["mua-ban-nha-dat"]
    assert shown_codes(browser) == event_codes(servers["root"], "mua-ban-nha-dat")
    first = css(browser, ".tthc-event .tthc-hit__title a")[0]
    code = shown_codes(browser)[0]
    first.click()
    wait(browser, lambda d: state(d).get("code") == [code] and "event" not in state(d))
    browser.back()
    wait(browser, lambda d: css(d, ".tthc-event h2"))


def test_a_situation_typed_in_the_search_names_its_event_and_leads_with_its_steps(browser, servers):
    open_page(browser, servers["root"] + "/")
    search_for(browser, "vợ tôi vừa sinh em bé")
    notice = one(browser, ".tthc-event-notice")
    assert "Sinh con" in notice.text
    steps = event_codes(servers["root"], "sinh-con")
    assert shown_codes(browser)[: len(steps)] == steps
    notice.find_element("css selector", "a").click()
    assert one(browser, ".tthc-event h2").text == "Sinh con"
    assert state(browser)["q"] == ["vợ tôi vừa sinh em bé"]
    browser.back()
    one(browser, ".tthc-event-notice")
    search_for(browser, "đăng ký khai sinh có yếu tố nước ngoài")
    wait(browser, lambda d: css(d, ".tthc-hit"))
    assert css(browser, ".tthc-event-notice") == []
