"""No axe-core violation of any impact on any public or resident page of the demo, on a phone and
on a desktop, and with the version for the visually impaired on.

axe-core is vendored (tests/browser/vendor/axe.min.js, MPL-2.0, from the npm package axe-core) so
CI runs offline; WebDriver injects it, which the pages' Content-Security-Policy does not block.
"""

from __future__ import annotations

from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from accounts.models import User

from .test_layout import DEMO_PASSWORD, RESIDENT, _draft_with_steps_done, _phone_360, crawl, demo  # noqa: F401

if TYPE_CHECKING:
    from .conftest import Browser

pytest.importorskip("selenium")

AXE = (Path(__file__).parent / "vendor" / "axe.min.js").read_text(encoding="utf-8")
RUN_AXE = """
var done = arguments[arguments.length - 1];
axe.run(document, {resultTypes: ['violations']}).then(function (result) {
  done(result.violations.map(function (v) {
    var nodes = v.nodes.slice(0, 3).map(function (n) { return n.target.join(' '); });
    return v.impact + ' ' + v.id + ': ' + nodes.join(' | ');
  }));
}, function (error) { done(['axe failed: ' + error]); });
"""


def _violations(found: list[str]):
    def check(page: Browser) -> None:
        page.driver.execute_script(AXE)
        for violation in page.driver.execute_async_script(RUN_AXE):
            found.append(f"{page.path()}: {violation}")
    return check


def test_no_axe_violations_on_public_and_resident_pages(demo, browser: Browser) -> None:  # noqa: F811
    browser.driver.set_script_timeout(60)
    found: list[str] = []
    _phone_360(browser)
    start = ["/", "/initiatives/", "/forum/", "/accounts/signup/", "/accounts/login/"]
    public = crawl(browser, start, _violations(found))
    assert len(public) > 20

    resident = User.objects.get(email=RESIDENT)
    draft = _draft_with_steps_done(resident)
    browser.log_in(RESIDENT, DEMO_PASSWORD)
    browser.desktop()
    start = [
        "/initiatives/my/", "/initiatives/new/", "/accounts/profile/", "/notifications/",
        "/notifications/settings/", f"/initiatives/{draft.pk}/edit/where/", f"/initiatives/{draft.pk}/edit/review/",
        "/forum/my/", "/accounts/delete/",
    ]
    crawl(browser, start, _violations(found), limit=60)

    # The version for the visually impaired: white on black, largest text, images off.
    browser.open("/accessibility/?size=3&scheme=wb&images=off&next=/")
    crawl(browser, ["/", "/initiatives/", "/find/"], _violations(found), limit=6)

    assert not found, "axe-core violations:\n" + "\n".join(found)
