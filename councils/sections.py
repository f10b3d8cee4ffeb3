"""Blocks that apps above the registry add to its public pages.

The registry's pages (a microdistrict, a TOS, a council) are where residents land, so they
should show local life — initiatives of the place, initiatives forwarded to a council —
but councils sits below those apps and may not import them. An upper app registers a
provider in its AppConfig.ready(); the page renders whatever the providers return, in
registration order. A provider returns HTML (already escaped, e.g. from render_to_string)
or an empty string when it has nothing to show.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.http import HttpRequest
from django.utils.safestring import SafeString, mark_safe

Provider = Callable[[HttpRequest, Any], str]

MICRODISTRICT = "microdistrict"
TOS = "tos"
COUNCIL = "council"
PAGES = (MICRODISTRICT, TOS, COUNCIL)

_providers: dict[str, list[Provider]] = {page: [] for page in PAGES}


def register(page: str, provider: Provider) -> None:
    """Add ``provider`` to ``page`` once (ready() may run twice in tests)."""
    if page not in _providers:
        raise ValueError(f"unknown registry page {page!r}; known: {', '.join(PAGES)}")
    if provider not in _providers[page]:
        _providers[page].append(provider)


def render(page: str, request: HttpRequest, obj: Any) -> list[SafeString]:
    blocks = []
    for provider in _providers[page]:
        html = provider(request, obj)
        if html:
            blocks.append(mark_safe(html))  # noqa: S308 - providers render templates, which escape
    return blocks
