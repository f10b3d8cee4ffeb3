"""«Версия для слабовидящих» in a real browser, with JavaScript switched off: the header link, three
text sizes, three colour schemes, letter spacing, images off; the choice follows the visitor from
page to page and nothing is wider than a 360 px phone."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.factories import MicrodistrictFactory
from tests.initiatives.factories import InitiativeFactory, PhotoFactory

if TYPE_CHECKING:
    from .conftest import Browser

pytest.importorskip("selenium")

PHONE_WIDTH = 360


def _phone(browser: Browser) -> None:
    browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE_WIDTH, "height": 740, "deviceScaleFactor": 2, "mobile": True},
    )


def _style(browser: Browser, css: str, prop: str) -> str:
    return browser.driver.execute_script(
        "return getComputedStyle(document.querySelector(arguments[0])).getPropertyValue(arguments[1]);", css, prop
    )


def _fits(browser: Browser) -> None:
    width = browser.driver.execute_script("return document.documentElement.scrollWidth;")
    assert width <= PHONE_WIDTH, f"{browser.path()}: {width}px wide"


def test_version_for_the_visually_impaired_works_without_javascript(transactional_db, browser: Browser) -> None:
    initiative = InitiativeFactory(microdistrict=MicrodistrictFactory(), title="Скамейки во дворе")
    PhotoFactory(initiative=initiative)
    browser.driver.execute_cdp_cmd("Emulation.setScriptExecutionDisabled", {"value": True})
    _phone(browser)
    browser.open("/initiatives/")
    assert _style(browser, "html", "font-size") == "16px"

    browser.click_and_load(browser.link("Версия для слабовидящих", within=".site-header"))
    assert browser.path() == "/initiatives/"
    assert _style(browser, "html", "font-size") == "20px"  # size 1: 125 %
    assert _style(browser, "body", "background-color") == "rgb(255, 255, 255)"
    _fits(browser)

    for size, pixels in (("3", "32px"), ("2", "24px")):
        browser.click_and_load(browser.find(f".a11y-panel a[href*='size={size}']"))
        assert _style(browser, "html", "font-size") == pixels
        _fits(browser)

    browser.click_and_load(browser.find(".a11y-panel a[href*='scheme=wb']"))
    assert _style(browser, "body", "background-color") == "rgb(0, 0, 0)"
    assert _style(browser, "body", "color") == "rgb(255, 255, 255)"
    browser.click_and_load(browser.find(".a11y-panel a[href*='scheme=blue']"))
    assert _style(browser, "body", "background-color") == "rgb(157, 209, 255)"
    assert _style(browser, "body", "color") == "rgb(6, 52, 98)"

    browser.click_and_load(browser.find(".a11y-panel a[href*='spacing=3']"))
    assert _style(browser, "body", "letter-spacing") != "normal"

    assert browser.driver.execute_script("return document.querySelector('main img') !== null;")
    browser.click_and_load(browser.find(".a11y-panel a[href*='images=off']"))
    assert browser.driver.execute_script(
        "return Array.from(document.querySelectorAll('main img')).every(i => getComputedStyle(i).display === 'none');"
    )
    _fits(browser)

    # The choice stays from page to page (a cookie), on every kind of page.
    for path in ("/", initiative.get_absolute_url(), "/find/", "/accounts/signup/"):
        browser.open(path)
        assert _style(browser, "html", "font-size") == "24px", path
        assert _style(browser, "body", "background-color") == "rgb(157, 209, 255)", path
        _fits(browser)

    browser.click_and_load(browser.link("Обычная версия сайта", within=".a11y-panel"))
    assert _style(browser, "html", "font-size") == "16px"
    assert browser.find_all(".a11y-panel") == []
