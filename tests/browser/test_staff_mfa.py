"""A moderator without a second factor opens the admin in a real browser: the portal's login, the
page that asks for a second factor, TOTP set-up with the QR code, recovery codes, then the admin —
every page under the Content-Security-Policy, with no console errors."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from accounts.mfa import totp_code
from tests.factories import StaffUserFactory

if TYPE_CHECKING:
    from .conftest import Browser

pytest.importorskip("selenium")

PASSWORD = "Kvartal-Tolyatti-2030!"


def test_moderator_sets_up_totp_and_opens_the_admin(transactional_db, browser: Browser) -> None:
    moderator = StaffUserFactory(email="moderator.new@example.org", password=PASSWORD, mfa=False)
    browser.desktop()

    browser.open("/admin/")
    browser.wait_path(r"^/accounts/login/\?next=")
    browser.fill("login", moderator.email)
    browser.fill("password", PASSWORD)
    browser.click_and_load(browser.find("main form[action='/accounts/login/'] button[type='submit']"))

    browser.wait_path(r"^/accounts/mfa-required/")
    browser.wait_text("main h1", "Нужна двухэтапная проверка")
    browser.screenshot("mfa-required")
    browser.click_and_load(browser.link("Настроить"))

    # allauth asks for the password again before adding a factor.
    browser.wait_path(r"^/accounts/reauthenticate/")
    browser.fill("password", PASSWORD)
    browser.click_and_load(browser.find("main form button[type='submit']"))

    browser.wait_path(r"^/accounts/2fa/totp/activate/")
    qr = browser.find("main img")
    assert qr.get_attribute("src").startswith("data:image/svg+xml;base64,")
    assert browser.driver.execute_script("return arguments[0].naturalWidth;", qr) > 0, "the QR code did not load"
    secret = browser.find("main #authenticator_secret").get_attribute("value")
    browser.screenshot("totp-activate")
    browser.fill("code", totp_code(secret))
    browser.click_and_load(browser.find("main form button[type='submit']"))

    browser.wait_path(r"^/accounts/2fa/recovery-codes/")
    browser.screenshot("recovery-codes")

    browser.open("/admin/")
    browser.wait_path(r"^/admin/$")
    assert browser.console_errors() == []
