"""Response headers Django 5.2 does not set itself: Content-Security-Policy and Permissions-Policy.

The Content-Security-Policy is django-csp's, configured in settings (CONTENT_SECURITY_POLICY);
the middleware here adds the map tile server's origin (from settings.MAP_TILE_URL, wherever it
is defined, else OpenStreetMap's) to ``img-src`` at each response, so the policy follows the
tile setting without repeating it.
"""

from __future__ import annotations

from collections.abc import Callable
from urllib.parse import urlsplit

from csp.middleware import CSPMiddleware, PolicyParts
from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.http.response import HttpResponseBase

DEFAULT_MAP_TILE_URL = "https://tile.openstreetmap.org/{z}/{x}/{y}.png"


def tile_origin(tile_url: str | None) -> str:
    """``https://{s}.tile.example.org/{z}/{x}/{y}.png`` → ``https://*.tile.example.org``."""
    url = (tile_url or DEFAULT_MAP_TILE_URL).replace("{s}", "*")
    parts = urlsplit(url)
    if not parts.scheme or not parts.netloc:
        # A tile server on the portal's own origin (a relative URL) needs nothing beyond 'self'.
        return "'self'"
    return f"{parts.scheme}://{parts.netloc}"


class PortalCSPMiddleware(CSPMiddleware):
    """django-csp's middleware; the map's tile server joins ``img-src``."""

    def get_policy_parts(self, request: HttpRequest, response: HttpResponseBase,
                         report_only: bool = False) -> PolicyParts:
        parts = super().get_policy_parts(request, response, report_only=report_only)
        origin = tile_origin(getattr(settings, "MAP_TILE_URL", None))
        parts.update = {**(parts.update or {})}
        parts.update["img-src"] = [*parts.update.get("img-src", []), origin]
        return parts


def permissions_policy_header(policy: dict[str, list[str]]) -> str:
    """``{"camera": [], "fullscreen": ["self"]}`` → ``camera=(), fullscreen=(self)``."""
    return ", ".join(f"{feature}=({' '.join(allow)})" for feature, allow in policy.items())


class PermissionsPolicyMiddleware:
    """Adds ``Permissions-Policy`` (settings.PERMISSIONS_POLICY) unless a view set its own."""

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response
        self.header = permissions_policy_header(getattr(settings, "PERMISSIONS_POLICY", {}))

    def __call__(self, request: HttpRequest) -> HttpResponse:
        response = self.get_response(request)
        if self.header and "Permissions-Policy" not in response:
            response["Permissions-Policy"] = self.header
        return response
