"""The admin's own pages keep working under the Content-Security-Policy: list, change and add
forms with their widgets (autocomplete, filter boxes, calendars) write no console error."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

from tests.factories import CouncilFactory, StaffUserFactory

if TYPE_CHECKING:
    from .conftest import Browser

pytest.importorskip("selenium")


def test_admin_pages_have_no_csp_errors(transactional_db, browser: Browser) -> None:
    administrator = StaffUserFactory(role="administrator", is_superuser=True)
    council = CouncilFactory()
    browser.desktop()
    browser.admin_log_in(administrator.email, "correct-horse-battery")
    pages = [
        "/admin/",
        f"/admin/accounts/user/{administrator.pk}/change/",
        "/admin/accounts/user/add/",
        f"/admin/councils/council/{council.pk}/change/",
        "/admin/councils/councilmeeting/add/",
        "/admin/initiatives/initiative/",
    ]
    for path in pages:
        browser.open(path)
        browser.find("#content")
    assert browser.console_errors() == []
