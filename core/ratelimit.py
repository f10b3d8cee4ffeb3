"""The one rate-limit check of residents' actions (django-ratelimit, counted in the shared cache).

Every limit is named `<app>:<action>` (one key-prefix scheme across the portal)
and counted per user unless told otherwise. Views call `rate_limited()` and
answer 429 (or a message) when it says yes; what happens when the cache is
unreachable is decided here, in one place.
"""

from __future__ import annotations

from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited


def rate_limited(
    request: HttpRequest, *, app: str, action: str, rate: str, key: str = "user", method: str | None = None,
) -> bool:
    """Count one `action` of the requester and say whether `rate` (e.g. "10/m") is exceeded.

    `method` limits the counting to one HTTP method ("POST"); by default every request counts.
    """
    return is_ratelimited(
        request, group=f"{app}:{action}", key=key, rate=rate,
        method=method if method is not None else ALL, increment=True,
    )
