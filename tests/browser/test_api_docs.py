"""The API's documentation pages work under the Content-Security-Policy: Swagger UI and Redoc
render from the portal's own static files, with no console errors (a blocked inline script,
style or a font from another site would show there)."""

from __future__ import annotations

from typing import TYPE_CHECKING

import pytest

if TYPE_CHECKING:
    from .conftest import Browser

pytest.importorskip("selenium")


@pytest.mark.parametrize(("path", "rendered"), [
    ("/api/v1/docs/", "#swagger-ui .info .title"),
    ("/api/v1/redoc/", "redoc .api-content h1"),
])
def test_api_docs_render_under_the_csp(transactional_db, browser: Browser, path: str, rendered: str) -> None:
    browser.desktop()
    browser.open(path)
    title = browser.find(rendered)
    assert "Самоуправление Тольятти API" in title.text
    # Redoc's footer links its maker's logo from their CDN; the portal loads nothing from other
    # sites, so that one image is refused on purpose (the page works without it).
    errors = [e for e in browser.console_errors() if "cdn.redoc.ly" not in e]
    assert errors == []
