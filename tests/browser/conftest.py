"""Browser tests: Selenium drives Debian's headless Chromium against pytest-django's live_server.

Nothing is downloaded: the browser and the driver are the Debian packages ``chromium`` and
``chromium-driver`` (/usr/bin/chromium, /usr/bin/chromedriver; CI installs them) and
Selenium Manager is kept offline. Without them — or without the ``selenium`` package —
the tests skip instead of failing.

The server runs in a thread of the test process, so ``mailoutbox`` (Django's locmem
backend) sees the e-mails it sends, and factories write rows the pages read. Tests request
``transactional_db`` themselves: the server thread must see committed data, and
tests/conftest.py re-seeds the reference data (categories, consent text) that the flush
after such a test removes.

Residents' parts run at a phone's viewport (390×844, as an iPhone 12–15) and check that
no page is wider than the screen; the admin runs at a desktop size. A screenshot and the
HTML of the last page are kept in the test's tmp_path when a test fails.
"""

from __future__ import annotations

import os
import re
import tempfile
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest

try:
    from selenium import webdriver
    from selenium.common.exceptions import WebDriverException
    from selenium.webdriver.chrome.service import Service
    from selenium.webdriver.common.by import By
    from selenium.webdriver.remote.webelement import WebElement
    from selenium.webdriver.support import expected_conditions as EC
    from selenium.webdriver.support.ui import Select, WebDriverWait
except ImportError:  # the `browser` fixture skips; see requirements-dev.txt
    webdriver = None

CHROMIUM = Path(os.environ.get("CHROMIUM_BINARY", "/usr/bin/chromium"))
CHROMEDRIVER = Path(os.environ.get("CHROMEDRIVER_BINARY", "/usr/bin/chromedriver"))

# The flags this machine needs (see the machine notes): no sandbox as root, no GPU, and no
# background traffic to Google's hosts, which the closed network refuses many at a time.
CHROMIUM_FLAGS = (
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
    "--disable-quic",
    "--disable-dev-shm-usage",
    "--disable-extensions",
    "--password-store=basic",
    "--lang=ru-RU",
    # Only the live server resolves; anything else a page asks for (map tiles of
    # openstreetmap.org) fails at once instead of waiting for a DNS timeout.
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE localhost",
)

PHONE = {"width": 390, "height": 844, "deviceScaleFactor": 3, "mobile": True}
DESKTOP = (1366, 900)
WAIT_SECONDS = 15

# Console entries that are not the page's fault: resources refused by the closed network.
_IGNORED_CONSOLE = re.compile(r"ERR_NAME_NOT_RESOLVED|ERR_NAME_RESOLUTION_FAILED|favicon\.ico", re.IGNORECASE)

_REPORTS = pytest.StashKey[dict]()


@pytest.hookimpl(wrapper=True, tryfirst=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo):
    # Keep each phase's report on the item so the fixture knows, at teardown, whether the test failed.
    report = yield
    item.stash.setdefault(_REPORTS, {})[report.when] = report
    return report


@dataclass
class Browser:
    """A WebDriver with the few steps these journeys repeat, each ending in an explicit wait."""

    driver: webdriver.Chrome
    base_url: str
    artifacts: Path
    shots: list[Path] = field(default_factory=list)

    # --- window -------------------------------------------------------------------------------

    def phone(self) -> None:
        """A phone's screen, emulated as a mobile device: 390×844 CSS px at 3×, the meta viewport honoured."""
        self.driver.execute_cdp_cmd("Emulation.setDeviceMetricsOverride", PHONE)

    def desktop(self) -> None:
        self.driver.execute_cdp_cmd("Emulation.clearDeviceMetricsOverride", {})
        self.driver.set_window_size(*DESKTOP)

    def assert_fits_width(self) -> None:
        """Nothing on the page is wider than the viewport: no sideways scrolling on a phone."""
        # On an emulated phone a too-wide page widens the layout viewport (innerWidth) with
        # it, so the screen's width is the measure there.
        inner, scroll = self.driver.execute_script(
            "return [Math.min(window.innerWidth, screen.width), document.documentElement.scrollWidth];"
        )
        assert scroll <= inner, f"{self.driver.current_url}: the page is {scroll}px wide on a {inner}px screen"

    # --- navigation and waiting ---------------------------------------------------------------------

    @property
    def wait(self) -> WebDriverWait:
        return WebDriverWait(self.driver, WAIT_SECONDS)

    def url(self, path: str) -> str:
        return self.base_url + path

    def open(self, path: str) -> None:
        self.driver.get(self.url(path))
        self._loaded()

    def path(self) -> str:
        current = self.driver.current_url
        return current[len(self.base_url):] if current.startswith(self.base_url) else current

    @property
    def _navigation_wait(self) -> WebDriverWait:
        # While a document is replaced, ChromeDriver may answer a script with any of several
        # errors (no execution context, a node of the old document...): keep polling.
        return WebDriverWait(self.driver, WAIT_SECONDS, ignored_exceptions=(WebDriverException,))

    def _loaded(self) -> None:
        self._navigation_wait.until(
            lambda d: d.execute_script("return document.readyState") == "complete", "the page never finished loading"
        )

    def click_and_load(self, element: WebElement) -> None:
        """Click something that navigates (a link, a submit button) and wait for the new page.

        The old document carries a marker; the new one does not. (Waiting for an element to go
        stale is not enough: mid-navigation ChromeDriver sometimes reports other errors.)
        """
        self.driver.execute_script("window.__browserTestOldPage = true;")
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        element.click()
        self._navigation_wait.until(
            lambda d: d.execute_script("return window.__browserTestOldPage !== true;"),
            f"no new page after the click (still {self.driver.current_url})",
        )
        self._loaded()

    def wait_path(self, pattern: str) -> re.Match[str]:
        """Wait until the current path matches ``pattern`` (a regex searched in the path)."""
        self.wait.until(lambda d: re.search(pattern, self.path()) is not None, f"path never matched {pattern!r}")
        match = re.search(pattern, self.path())
        assert match is not None
        return match

    # --- finding ---------------------------------------------------------------------------------

    def find(self, css: str) -> WebElement:
        return self.wait.until(EC.visibility_of_element_located((By.CSS_SELECTOR, css)), f"no visible {css}")

    def find_all(self, css: str) -> list[WebElement]:
        return self.driver.find_elements(By.CSS_SELECTOR, css)

    def button(self, text: str, within: str = "main") -> WebElement:
        """A visible button (or submit input) whose text is exactly ``text``."""
        xpath = (
            f"{_css_to_scope(within)}//*[(self::button and normalize-space(.)={_xpath_literal(text)}) "
            f"or (self::input and @type='submit' and @value={_xpath_literal(text)})]"
        )
        return self.wait.until(EC.visibility_of_element_located((By.XPATH, xpath)), f"no button «{text}»")

    def link(self, text: str, within: str = "main") -> WebElement:
        xpath = f"{_css_to_scope(within)}//a[normalize-space(.)={_xpath_literal(text)}]"
        return self.wait.until(EC.visibility_of_element_located((By.XPATH, xpath)), f"no link «{text}»")

    def text(self, css: str) -> str:
        return " ".join(self.find(css).text.split())

    def wait_text(self, css: str, text: str) -> WebElement:
        """Wait until an element matching ``css`` contains ``text``; return it."""

        def found(driver):
            for element in driver.find_elements(By.CSS_SELECTOR, css):
                try:
                    if text in " ".join(element.text.split()):
                        return element
                except WebDriverException:  # stale, or replaced while being read
                    continue
            return False

        return self.wait.until(found, f"no {css} with «{text}» on {self.driver.current_url}")

    def messages(self) -> list[str]:
        """The flash messages of the portal (ul.messages) or the admin (ul.messagelist)."""
        return [" ".join(e.text.split()) for e in self.find_all(".messages li, .messagelist li")]

    # --- forms -------------------------------------------------------------------------------------

    def fill(self, name: str, value: str, within: str = "main") -> WebElement:
        element = self.find(f"{within} [name='{name}']")
        element.clear()
        element.send_keys(value)
        return element

    def choose(self, name: str, visible_text: str, within: str = "main") -> None:
        Select(self.find(f"{within} select[name='{name}']")).select_by_visible_text(visible_text)

    def tick(self, css: str) -> WebElement:
        """Check a checkbox or a radio by clicking it, as a person would (its label must not cover it)."""
        element = self.find(css)
        self.driver.execute_script("arguments[0].scrollIntoView({block: 'center'});", element)
        if not element.is_selected():
            element.click()
        assert element.is_selected(), f"{css} did not get checked"
        return element

    # --- accounts ------------------------------------------------------------------------------------

    def log_in(self, email: str, password: str) -> None:
        """The portal's login form (allauth), then wait to leave it."""
        self.open("/accounts/login/")
        self.fill("login", email)
        self.fill("password", password)
        self.click_and_load(self.find("main form[action='/accounts/login/'] button[type='submit']"))
        self.wait.until(lambda d: "/accounts/login/" not in d.current_url, "still on the login page")

    def log_out(self) -> None:
        """The «Выйти» button in the header (a POST form), then wait for the anonymous header."""
        self.click_and_load(self.button("Выйти", within=".user-nav"))
        self.link("Войти", within=".user-nav")

    def admin_log_in(
        self, email: str, password: str, next_path: str = "/admin/", totp_secret: str | None = None
    ) -> None:
        """The admin's login, which is the portal's (allauth) login followed by the TOTP code.

        Staff accounts of the factories are enrolled with ``STAFF_TOTP_SECRET``; the code is
        computed as an authenticator app would, so the test goes through the real second factor.
        """
        from accounts.mfa import totp_code
        from tests.factories import STAFF_TOTP_SECRET

        self.open(f"/admin/login/?next={next_path}")
        self.wait_path(r"^/accounts/login/")
        self.fill("login", email)
        self.fill("password", password)
        self.click_and_load(self.find("main form[action='/accounts/login/'] button[type='submit']"))
        self.wait_path(r"^/accounts/2fa/authenticate/")
        self.fill("code", totp_code(totp_secret or STAFF_TOTP_SECRET))
        self.click_and_load(self.find("main form[action='/accounts/2fa/authenticate/'] button[type='submit']"))
        self.wait.until(lambda d: "/accounts/" not in d.current_url, "the second factor was refused")

    def admin_log_out(self) -> None:
        self.click_and_load(self.find("#logout-form button[type='submit']"))

    # --- evidence ------------------------------------------------------------------------------------

    def screenshot(self, name: str) -> Path:
        path = self.artifacts / f"{len(self.shots) + 1:02d}-{name}.png"
        self.driver.save_screenshot(str(path))
        self.shots.append(path)
        return path

    def console_errors(self) -> list[str]:
        """Errors the pages wrote to the console (JavaScript exceptions, failed requests to the site)."""
        entries = self.driver.get_log("browser")
        return [
            e["message"] for e in entries
            if e.get("level") == "SEVERE" and not _IGNORED_CONSOLE.search(e.get("message", ""))
        ]


def _xpath_literal(text: str) -> str:
    if "'" not in text:
        return f"'{text}'"
    if '"' not in text:
        return f'"{text}"'
    parts = text.split("'")
    return "concat(" + ", \"'\", ".join(f"'{p}'" for p in parts) + ")"


def _css_to_scope(css: str) -> str:
    """A tiny subset of CSS for the scope of button()/link(): a tag, .class or #id."""
    if css.startswith("#"):
        return f"//*[@id='{css[1:]}']"
    if css.startswith("."):
        return f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {css[1:]} ')]"
    return f"//{css}"


def _chrome_options(profile: Path) -> webdriver.ChromeOptions:
    options = webdriver.ChromeOptions()
    options.binary_location = str(CHROMIUM)
    for flag in CHROMIUM_FLAGS:
        options.add_argument(flag)
    options.add_argument(f"--user-data-dir={profile}")
    options.add_argument("--window-size={},{}".format(*DESKTOP))
    options.add_experimental_option("prefs", {
        "intl.accept_languages": "ru-RU,ru",
        "credentials_enable_service": False,
        "profile.password_manager_enabled": False,
        "profile.password_manager_leak_detection": False,
    })
    options.set_capability("goog:loggingPrefs", {"browser": "ALL"})
    return options


@pytest.fixture
def browser(live_server, tmp_path: Path, request: pytest.FixtureRequest, monkeypatch) -> Iterator[Browser]:
    """A fresh headless Chromium (its own empty profile) pointed at the live server."""
    if webdriver is None:
        pytest.skip("selenium is not installed (requirements-dev.txt)")
    missing = [str(p) for p in (CHROMIUM, CHROMEDRIVER) if not p.exists()]
    if missing:
        pytest.skip(f"not installed: {', '.join(missing)} (Debian packages chromium, chromium-driver)")
    # Selenium Manager must never try to download a browser or a driver.
    monkeypatch.setenv("SE_OFFLINE", "true")
    profile = Path(tempfile.mkdtemp(prefix="chromium-profile-", dir=tmp_path))
    try:
        driver = webdriver.Chrome(service=Service(executable_path=str(CHROMEDRIVER)), options=_chrome_options(profile))
    except WebDriverException as exc:  # pragma: no cover - depends on the machine
        pytest.fail(f"Chromium did not start: {exc.msg}")
    driver.set_page_load_timeout(30)
    artifacts = tmp_path / "browser"
    artifacts.mkdir()
    page = Browser(driver=driver, base_url=live_server.url, artifacts=artifacts)
    try:
        yield page
    finally:
        reports = request.node.stash.get(_REPORTS, {})
        failed = any(r.failed for r in reports.values())
        if failed:
            try:
                shot = page.screenshot("failure")
                (artifacts / "failure.html").write_text(driver.page_source, encoding="utf-8")
                # The text too: pytest keeps only its last few tmp_path trees, the report stays.
                shown = driver.execute_script(
                    "var m = document.querySelector('main, #content') || document.body; return m.innerText;"
                )
                print(f"\nBrowser state at failure: {shot} ({driver.current_url}); HTML beside it.")
                print("Page text:\n" + "\n".join(line for line in shown.splitlines() if line.strip())[:3000])
            except WebDriverException:
                pass
        driver.quit()
