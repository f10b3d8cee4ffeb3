"""The one rate-limit check of residents' actions (django-ratelimit, counted in the shared cache).

Every limit is named `<app>:<action>` (one key-prefix scheme across the portal)
and counted per user unless told otherwise. Views call `rate_limited()` and
answer 429 (or a message) when it says yes.

When the cache is down (core.cache: its errors are misses) no count can be kept.
Each call then says what its action does, `when_store_down="open"` or `"closed"`,
by one rule: **a limit fails open** — the resident's change goes through — unless
the action reaches people outside the portal (an e-mail to an address someone
typed) or costs lasting resources that nothing else bounds (stored files); such
limits **fail closed** until the cache answers again. Residents' everyday changes
(supports, votes, comments, follows, reports, drafts) must not be lost to a cache
outage; the database keeps them to one per resident where it matters, moderation
sees the rest, and an outage lasts minutes.
"""

from __future__ import annotations

from typing import Literal

from django.http import HttpRequest
from django_ratelimit import ALL
from django_ratelimit.core import is_ratelimited

from core import cache


def rate_limited(
    request: HttpRequest, *, app: str, action: str, rate: str, when_store_down: Literal["open", "closed"],
    key: str = "user", method: str | None = None,
) -> bool:
    """Count one `action` of the requester and say whether `rate` (e.g. "10/m") is exceeded.

    `method` limits the counting to one HTTP method ("POST"); by default every request counts.
    `when_store_down` is the answer while the cache is down: "open" lets the action through,
    "closed" refuses it (see the rule above).
    """
    method = method if method is not None else ALL
    if is_ratelimited(request, group=f"{app}:{action}", key=key, rate=rate, method=method, increment=True):
        return True
    counted = method == ALL or request.method in ([method] if isinstance(method, str) else method)
    return counted and when_store_down == "closed" and not cache.available()
