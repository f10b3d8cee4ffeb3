"""The map tile server for every map of the portal, from settings (MAP_TILE_URL, MAP_TILE_ATTRIBUTION)."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.http import HttpRequest
from django.utils.html import format_html
from django.utils.translation import gettext as _

DEFAULT_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def tile_attribution() -> str:
    """The configured attribution (HTML), or OpenStreetMap's in the current language."""
    configured = getattr(settings, "MAP_TILE_ATTRIBUTION", "")
    if configured:
        return configured
    return format_html(
        '&copy; <a href="https://www.openstreetmap.org/copyright">{}</a>', _("участники OpenStreetMap")
    )


def context_processor(request: HttpRequest) -> dict[str, Any]:
    return map_settings()


def map_settings() -> dict[str, Any]:
    """The tile server's URL, host and attribution, for templates rendered with or without a request."""
    url = getattr(settings, "MAP_TILE_URL", "") or DEFAULT_TILE_URL
    return {
        "map_tile_url": url,
        # For the privacy text: whose server sees the visitor's address.
        "map_tile_host": urlsplit(url.replace("{s}", "a")).hostname or url,
        "map_tile_attribution": tile_attribution(),
    }
