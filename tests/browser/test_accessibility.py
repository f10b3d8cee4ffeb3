"""«Версия для слабовидящих» in a real browser, with JavaScript switched off: the header link, three
text sizes, three colour schemes, letter spacing, images off; the choice follows the visitor from
page to page and nothing is wider than a 360 px phone. At every size the portal's name, the
headings and the main menu keep their words whole (no Russian hyphenation in Chromium here)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from accounts.models import User
from initiatives.models import Initiative
from tests.factories import MicrodistrictFactory
from tests.initiatives.factories import InitiativeFactory, PhotoFactory

from .test_layout import DEMO_PASSWORD, RESIDENT, _draft_with_steps_done, crawl, demo  # noqa: F401

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


# Words of the elements matching arguments[0] that are split across two lines: a word is a run of
# letters and digits (a hyphen, a dash or a space between two is a fair place for a line break),
# of at most arguments[1] letters — longer ones may still break, as the last resort against
# sideways scrolling (static/css/accessibility.css).
SPLIT_WORDS = r"""
var found = [], longest = arguments[1];
document.querySelectorAll(arguments[0]).forEach(function (element) {
  if (!element.getClientRects().length) return;
  var walker = document.createTreeWalker(element, NodeFilter.SHOW_TEXT);
  for (var node = walker.nextNode(); node; node = walker.nextNode()) {
    if (node.parentElement.closest('.visually-hidden')) continue;
    for (var match of node.data.matchAll(/[\p{L}\p{N}]+/gu)) {
      if (match[0].length < 2 || match[0].length > longest) continue;
      var range = document.createRange();
      range.setStart(node, match.index);
      range.setEnd(node, match.index + match[0].length);
      var rects = Array.from(range.getClientRects()).filter(function (r) { return r.width > 0.5; });
      if (rects.some(function (r) { return r.top >= rects[0].top + rects[0].height / 2; })) {
        var size = getComputedStyle(node.parentElement).fontSize;
        found.push(element.tagName.toLowerCase() + ' «' + match[0] + '» at ' + size);
      }
    }
  }
});
return found;
"""
NAME = ".brand"
HEADINGS = "h1, h2, h3, h4, .eyebrow, .main-nav"
LONGEST_WORD = 15  # letters: «Координационный», «общественностью», «Продолжительная» in the demo


def _split_words(browser: Browser, css: str) -> list[str]:
    return [f"{browser.path()}: {word}" for word in browser.driver.execute_script(SPLIT_WORDS, css, LONGEST_WORD)]


def _desktop_1280(browser: Browser) -> None:
    browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": 1280, "height": 900, "deviceScaleFactor": 1, "mobile": False}
    )


def test_the_portals_name_stays_whole_at_every_text_size(transactional_db, browser: Browser) -> None:
    """«Самоуправление» was cut into «Самоуправле» / «ние» at 200 % on a phone: Chromium has no
    Russian hyphenation here, so the name is sized to fit instead — at every size and spacing,
    on a phone and on a desktop, in both languages."""
    split: list[str] = []
    for language in ("ru", "en"):
        browser.open(f"/language/{language}/?next=/")
        for size in ("1", "2", "3"):
            for spacing in ("1", "2", "3"):
                browser.open(f"/accessibility/?size={size}&spacing={spacing}&next=/")
                for screen in (_phone, _desktop_1280):
                    screen(browser)
                    browser.open("/")
                    name = browser.text(".brand")
                    split += [f"{language}, size {size}, spacing {spacing}, {screen.__name__}: {s}"
                              for s in _split_words(browser, NAME)]
                    if screen is _phone:
                        _fits(browser)
    assert name == "Tolyatti Self-Government"
    assert not split, "the portal's name is cut mid-word:\n" + "\n".join(split)


def test_headings_keep_their_words_whole_in_large_text(demo, browser: Browser) -> None:  # noqa: F811
    """The largest text (200 %), usual and widest letter spacing, over the demo's pages: no word of
    up to 15 letters in a heading, the name or the main menu is cut, and nothing is wider than a
    360 px phone; on a 1280 px desktop the cards and headings keep their words whole too."""
    split: list[str] = []
    too_wide: list[str] = []

    def check(page: Browser) -> None:
        split.extend(_split_words(page, f"{NAME}, {HEADINGS}"))
        width = page.driver.execute_script("return document.documentElement.scrollWidth;")
        if width > PHONE_WIDTH:
            too_wide.append(f"{page.path()}: {width}px")

    start = ["/", "/initiatives/", "/forum/", "/councils/", "/accounts/signup/"]
    browser.open("/accessibility/?size=3&spacing=3&scheme=wb&next=/")
    _phone(browser)
    visited = crawl(browser, start, check, limit=60)
    assert len(visited) > 20, visited

    resident = User.objects.get(email=RESIDENT)
    draft = _draft_with_steps_done(resident)
    browser.log_in(RESIDENT, DEMO_PASSWORD)
    browser.open("/accessibility/?size=3&spacing=1&next=/")
    _phone(browser)
    crawl(browser, ["/initiatives/my/", f"/initiatives/{draft.pk}/edit/review/", "/accounts/profile/",
                    "/notifications/settings/", "/forum/my/"], check, limit=20)
    assert not too_wide, "wider than a 360 px phone at 200 %:\n" + "\n".join(too_wide)

    _desktop_1280(browser)
    for path in start[:4] + [initiative.get_absolute_url() for initiative in Initiative.objects.public()[:2]]:
        browser.open(path)
        split.extend(f"at 1280 px: {s}" for s in _split_words(browser, f"{NAME}, {HEADINGS}"))
    assert not split, "words cut mid-word at 200 %:\n" + "\n".join(split)
