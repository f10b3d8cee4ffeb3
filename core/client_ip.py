"""The client's address as the portal sees it, behind zero or more trusted reverse proxies.

One function for every per-address limit: allauth's (through the account adapter) and
django-ratelimit's (``RATELIMIT_IP_META_KEY``). Behind the compose file's nginx every request
comes from the proxy's address, so without this a limit per address is a limit for the whole
city. ``TRUSTED_PROXY_COUNT`` says how many proxies of our own append to ``X-Forwarded-For``
(the client's address is that many entries from the end; entries further left are whatever the
client sent and are never trusted). ``TRUSTED_CLIENT_IP_HEADER`` names a header a proxy sets
instead (e.g. ``X-Real-IP``); it wins when set. Both default to off: the peer's address.
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def _clean(value: str | None) -> str | None:
    if not value:
        return None
    value = value.strip()
    # "[2001:db8::1]:443" or "203.0.113.7:5555" as some proxies write them.
    if value.startswith("[") and "]" in value:
        value = value[1 : value.index("]")]
    elif value.count(":") == 1:
        value = value.split(":", 1)[0]
    try:
        return str(ipaddress.ip_address(value))
    except ValueError:
        return None


def client_ip(request: HttpRequest) -> str:
    """The address per-address limits count; never raises, falls back to the peer's address."""
    header = getattr(settings, "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", None)
    if header:
        found = _clean(request.headers.get(header))
        if found:
            return found
    count = int(getattr(settings, "ALLAUTH_TRUSTED_PROXY_COUNT", 0) or 0)
    forwarded = request.headers.get("X-Forwarded-For", "")
    if count > 0 and forwarded:
        hops = [hop for hop in forwarded.split(",") if hop.strip()]
        # Fewer entries than proxies: the request skipped a proxy (a health check from inside);
        # the leftmost entry is then the best we have, and it was written by one of ours.
        found = _clean(hops[-count] if len(hops) >= count else hops[0])
        if found:
            return found
    return _clean(request.META.get("REMOTE_ADDR")) or "0.0.0.0"  # noqa: S104 - an address to count, not to bind
