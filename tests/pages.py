"""Reading a page as a given reader, for tests that compare what readers see."""

from __future__ import annotations

import html

from django.conf import settings
from django.test import Client


def page_text(url: str, language: str | None = None, user=None) -> str:
    """The page's HTML, entities unescaped, as read in ``language`` (the cookie) by ``user`` (or a visitor)."""
    client = Client()
    if language:
        client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    if user is not None:
        client.force_login(user)
    response = client.get(url)
    assert response.status_code == 200, url
    return html.unescape(response.content.decode())
