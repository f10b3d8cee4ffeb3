"""Every public and resident page of the demo fits a 360 px phone: no sideways scrolling.

The demo data (`load_demo`) is loaded into the live server's database; the test then walks
the site from the home page as an anonymous visitor and as the demo resident, following
same-site links. Each URL pattern is visited a few times (85 microdistrict pages share one
template), so the walk covers every page kind the demo has in a bounded time.
"""

from __future__ import annotations

from collections import Counter, deque
from collections.abc import Callable
from typing import TYPE_CHECKING
from urllib.parse import urlsplit

import pytest
from django.core.management import call_command
from django.urls import Resolver404, resolve

from accounts.models import User
from initiatives.models import Category, Initiative, Scope

if TYPE_CHECKING:
    from .conftest import Browser

pytest.importorskip("selenium")

DEMO_PASSWORD = "demo-layout-password-2026"
RESIDENT = "resident@demo.tolyatti.local"
PHONE_WIDTH = 360
PER_ROUTE = 2

# Not pages a resident reads: staff areas, files, feeds and actions.
SKIPPED_PREFIXES = (
    "/admin/", "/media/", "/static/", "/i18n/", "/language/", "/healthz", "/accounts/logout/", "/api/",
    "/accessibility/",
)
SKIPPED_SUFFIXES = (".ics", ".json", ".csv", ".pdf", ".zip", "/data/", "/minutes/")


def _is_page(path: str) -> bool:
    return not path.startswith(SKIPPED_PREFIXES) and not path.endswith(SKIPPED_SUFFIXES)


def _route(path: str) -> str | None:
    try:
        match = resolve(path)
    except Resolver404:
        return None
    return match.route


def crawl(browser: Browser, start: list[str], check: Callable[[Browser], None], limit: int = 160) -> list[str]:
    """Open pages breadth-first from ``start``, run ``check`` on each; return the paths seen."""
    seen: set[str] = set()
    per_route: Counter[str] = Counter()
    queue = deque(start)
    visited: list[str] = []
    while queue and len(visited) < limit:
        path = queue.popleft()
        if path in seen:
            continue
        seen.add(path)
        route = _route(urlsplit(path).path)
        if route is None or per_route[route] >= PER_ROUTE:
            continue
        per_route[route] += 1
        browser.open(path)
        check(browser)
        visited.append(path)
        hrefs = browser.driver.execute_script(
            "return Array.from(document.querySelectorAll('a[href]'), a => a.href);"
        )
        for href in hrefs:
            if not href.startswith(browser.base_url):
                continue
            parts = urlsplit(href)
            link = parts.path + (f"?{parts.query}" if parts.query else "")
            if _is_page(parts.path) and link not in seen:
                queue.append(link)
    return visited


def _phone_360(browser: Browser) -> None:
    browser.driver.execute_cdp_cmd(
        "Emulation.setDeviceMetricsOverride",
        {"width": PHONE_WIDTH, "height": 740, "deviceScaleFactor": 2, "mobile": True},
    )


def _draft_with_steps_done(author: User) -> Initiative:
    """A draft whose first steps are done, so the step list shows «— заполнено» marks."""
    microdistrict = author.home_microdistrict
    return Initiative.objects.create(
        title="Лавочки у подъезда", summary="Поставить две лавочки.", category=Category.objects.first(),
        scope=Scope.MICRODISTRICT, microdistrict=microdistrict, district=microdistrict.district,
        address="бульвар Татищева, 12", latitude="53.520000", longitude="49.410000", estimated_budget=50000,
        author=author, status=Initiative.Status.DRAFT,
    )


@pytest.fixture
def demo(transactional_db, monkeypatch) -> None:
    monkeypatch.setenv("DEMO_PASSWORD", DEMO_PASSWORD)
    call_command("load_demo", verbosity=0)


def test_no_public_or_resident_page_is_wider_than_a_360px_phone(demo, browser: Browser) -> None:
    _phone_360(browser)
    too_wide: list[str] = []

    def fits(page: Browser) -> None:
        # Not innerWidth: on a phone a too-wide page widens the layout viewport with it.
        scroll = page.driver.execute_script("return document.documentElement.scrollWidth;")
        if scroll > PHONE_WIDTH:
            too_wide.append(f"{page.path()}: {scroll}px")

    public = crawl(browser, ["/", "/initiatives/", "/forum/", "/accounts/signup/", "/accounts/login/"], fits)
    assert len(public) > 20, public

    resident = User.objects.get(email=RESIDENT)
    draft = _draft_with_steps_done(resident)
    browser.log_in(RESIDENT, DEMO_PASSWORD)
    _phone_360(browser)
    start = [
        "/initiatives/my/", "/initiatives/new/", "/accounts/profile/", "/notifications/",
        "/notifications/settings/", f"/initiatives/{draft.pk}/edit/resources/",
        f"/initiatives/{draft.pk}/edit/review/", "/forum/my/",
    ]
    private = crawl(browser, start, fits)
    assert any("/edit/" in path for path in private), private

    assert not too_wide, "wider than a 360 px phone:\n" + "\n".join(too_wide)


def test_the_current_submission_step_is_scrolled_into_view(demo, browser: Browser) -> None:
    resident = User.objects.get(email=RESIDENT)
    draft = _draft_with_steps_done(resident)
    browser.log_in(RESIDENT, DEMO_PASSWORD)
    _phone_360(browser)
    browser.open(f"/initiatives/{draft.pk}/edit/review/")
    list_box, step_box = browser.driver.execute_script(
        "var list = document.querySelector('[data-step-list]');"
        "var step = list.querySelector('[aria-current=step]');"
        "return [list.getBoundingClientRect().toJSON(), step.getBoundingClientRect().toJSON()];"
    )
    assert step_box["left"] >= list_box["left"] - 1 and step_box["right"] <= list_box["right"] + 1, (list_box, step_box)
    browser.assert_fits_width()
