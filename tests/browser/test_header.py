"""The site header at a desktop's width, in Russian and in English, for a visitor, a resident and
staff (whose account links are the most): the portal's name and the main menu share one line,
the version for the visually impaired, the account's links and the language share the line
above, and the header stays short. Narrower, it wraps in a controlled way and never scrolls
sideways; on a phone it keeps the phone's layout (name and language, menu, account)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from accounts.mfa import DEMO_STAFF_TOTP_SECRET

from .test_layout import DEMO_PASSWORD, RESIDENT, demo  # noqa: F401

if TYPE_CHECKING:
    from .conftest import Browser

pytest.importorskip("selenium")

STAFF = "admin@demo.tolyatti.local"  # the demo's longest account links: «Администратор портала», «Администрирование»
TWO_LINES_HIGH = 120  # px: the bar (≈ 40) and the name with the menu (≈ 60), borders included

# The vertical middle of each item of the header, by group; the number of lines of the name.
HEADER = """
function middles(css) {
  return Array.from(document.querySelectorAll(css), function (e) {
    var r = e.getBoundingClientRect();
    return Math.round(r.top + r.height / 2);
  });
}
var name = document.createRange();
name.selectNodeContents(document.querySelector('.brand span'));
var header = document.querySelector('.site-header').getBoundingClientRect();
return {
  height: header.height,
  right: header.right,
  brand: middles('.brand')[0],
  menu: middles('.main-nav li'),
  bar: middles('.a11y-switch, .user-nav li, .language-switch > *'),
  nameLines: new Set(Array.from(name.getClientRects(), function (r) { return Math.round(r.top); })).size,
  pageWidth: document.documentElement.scrollWidth,
  viewport: window.innerWidth,
  rightmost: Math.max.apply(null, Array.from(
    document.querySelectorAll('.site-header a, .site-header button, .site-header span'),
    function (e) { return e.getBoundingClientRect().right; })),
};
"""


def _window(browser: Browser, width: int, *, mobile: bool = False) -> None:
    browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride", {"width": width, "height": 900, "deviceScaleFactor": 1, "mobile": mobile}
    )


def _header(browser: Browser, path: str) -> dict:
    browser.open(path)
    return browser.driver.execute_script(HEADER)


def _spread(values: list[int]) -> int:
    return max(values) - min(values)


def _check_desktop(browser: Browser, who: str) -> None:
    for language in ("ru", "en"):
        browser.open(f"/language/{language}/?next=/")
        _window(browser, 1280)
        for path in ("/", "/initiatives/"):
            where = f"{who}, {language}, {path} at 1280 px"
            header = _header(browser, path)
            assert header["bar"], where
            assert _spread(header["menu"]) <= 2, f"{where}: the main menu wraps: {header}"
            assert abs(header["menu"][0] - header["brand"]) <= 2, f"{where}: the menu is not beside the name: {header}"
            assert _spread(header["bar"]) <= 2, f"{where}: the account's line wraps: {header}"
            assert header["nameLines"] == 1, f"{where}: the name wraps: {header}"
            assert header["height"] <= TWO_LINES_HIGH, f"{where}: the header is {header['height']}px high"

        # Narrower desktops and tablets: it may wrap, but everything stays on the screen.
        for width in (1024, 800):
            _window(browser, width)
            header = _header(browser, "/")
            assert header["pageWidth"] <= header["viewport"], f"{who}, {language} at {width}px: {header}"
            assert header["rightmost"] <= header["viewport"], f"{who}, {language} at {width}px: {header}"

        # A phone: the name (with the language beside it) first, then the menu, then the account.
        _window(browser, 360, mobile=True)
        header = _header(browser, "/")
        assert header["pageWidth"] <= 360, f"{who}, {language} at 360 px: {header}"
        assert header["brand"] < min(header["menu"]), f"{who}, {language} at 360 px: {header}"
    browser.open("/language/ru/?next=/")


def test_the_header_is_two_short_lines_at_1280px_for_everyone(demo, browser: Browser) -> None:  # noqa: F811
    _check_desktop(browser, "a visitor")

    browser.log_in(RESIDENT, DEMO_PASSWORD)
    _check_desktop(browser, "a resident")
    browser.driver.delete_all_cookies()

    browser.admin_log_in(STAFF, DEMO_PASSWORD, next_path="/", totp_secret=DEMO_STAFF_TOTP_SECRET)
    assert browser.find_all(".user-nav a[href='/admin/']"), "the staff member sees «Администрирование»"
    _check_desktop(browser, "staff")
