"""Shared pieces of the REST API (/api/v1/): errors as JSON, cursor pagination, throttles.

Apps keep their serializers and views in their own `api/` package and use these
through the REST_FRAMEWORK settings, so no app needs to know which app issues keys.
"""

from __future__ import annotations

from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.core.exceptions import ValidationError as DjangoValidationError
from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, pagination, throttling
from rest_framework.response import Response

from .client_ip import client_ip
from .errors import DomainError


def exception_handler(exc: Exception, context: dict[str, Any]) -> Response | None:
    """Every refusal as JSON {"detail": ..., "code": ...}: domain errors map through their status."""
    # Imported here: rest_framework.views reads these settings at import, which would be circular.
    from rest_framework.views import exception_handler as drf_exception_handler

    if isinstance(exc, DomainError):
        return Response({"detail": str(exc), "code": exc.code}, status=exc.status_code)
    if isinstance(exc, DjangoValidationError):
        messages = exc.message_dict if hasattr(exc, "error_dict") else {"non_field_errors": exc.messages}
        return Response({"detail": _("Проверьте данные запроса."), "code": "invalid", "errors": messages}, status=400)
    if isinstance(exc, Http404):
        exc = exceptions.NotFound(_("Не найдено."))
    elif isinstance(exc, PermissionDenied):
        exc = exceptions.PermissionDenied()
    response = drf_exception_handler(exc, context)
    if response is None:
        return None
    data = response.data
    if isinstance(exc, exceptions.ValidationError):
        response.data = {"detail": _("Проверьте данные запроса."), "code": "invalid", "errors": data}
    elif isinstance(data, dict) and "detail" in data:
        detail = data["detail"]
        response.data = {"detail": str(detail), "code": getattr(detail, "code", None) or "error"}
    return response


class CursorPagination(pagination.CursorPagination):
    """Opaque cursors: page 1 and page 1,000 cost the same and no COUNT(*) runs."""

    page_size = 20
    page_size_query_param = "page_size"
    max_page_size = 100
    ordering = "-id"


class _SettingsRateThrottle(throttling.SimpleRateThrottle):
    """A fixed-window counter per client; rates from settings.API_THROTTLE_RATES, read per request.

    DRF's default keeps every request's time in a list in the cache and rewrites it on each
    request (O(rate) per request); a counter is one INCR. The window is aligned to the clock,
    so a client may at worst send twice the rate across a window boundary.

    With the cache down (core.cache) INCR fails and ADD reports success, so these throttles fail open:
    the API serves public data and partners' own records, a key is needed for writes, and
    an outage lasts minutes (the rule is in core.ratelimit).
    """

    def get_rate(self) -> str | None:
        return settings.API_THROTTLE_RATES.get(self.scope)

    def get_ident(self, request) -> str:
        # The client's address behind our proxies (TRUSTED_PROXY_COUNT), as every other limit
        # counts it; DRF's own reading would take X-Forwarded-For whole, which a client writes.
        return client_ip(request)

    def window_key(self, request, view) -> str | None:
        """The counter of this client's current window, or None when this throttle does not count the request."""
        if self.rate is None:
            return None
        ident = self.get_cache_key(request, view)
        if ident is None:
            return None
        self.now = self.timer()
        return f"{ident}:{int(self.now // self.duration)}"

    def count(self, key: str) -> int:
        # Redis (core.cache) counts in one round trip; another cache with incr() and a first add().
        counting = getattr(self.cache, "incr_with_expiry", None)
        try:
            return counting(key, self.duration + 1) if counting else self.cache.incr(key)
        except ValueError:
            # The window's first request; losing the add() race to another worker means counting on.
            return 1 if self.cache.add(key, 1, self.duration + 1) else self.cache.incr(key)

    def allow_request(self, request, view) -> bool:
        key = self.window_key(request, view)
        return key is None or self.count(key) <= self.num_requests

    def wait(self) -> float:
        return max(1.0, self.duration - (self.now % self.duration))


class KeyRateThrottle(_SettingsRateThrottle):
    """Requests with an API key: counted per key, whatever the address."""

    scope = "key"

    def get_cache_key(self, request, view) -> str | None:
        key_id = getattr(request.auth, "prefix", None)
        if not key_id:
            return None
        return self.cache_format % {"scope": self.scope, "ident": key_id}


class AnonRateThrottle(_SettingsRateThrottle):
    """Requests without a key: counted per client address."""

    scope = "anon"

    def get_cache_key(self, request, view) -> str | None:
        if getattr(request.auth, "prefix", None):
            return None
        return self.cache_format % {"scope": self.scope, "ident": self.get_ident(request)}


def check_throttles_and_get(view, request, keys: list[str]) -> dict[str, Any]:
    """DRF's `APIView.check_throttles`, reading the cache's ``keys`` in the same round trip.

    For a view that reads the cache anyway (a kept page): with Redis the throttles' counters
    and the reads go in one pipeline (core.cache.FailSoftRedisCache.incr_and_get_many);
    with another cache they are counted and read one after the other. Raises Throttled as
    DRF does; returns what get_many(keys) would.
    """
    from django.core.cache import cache

    windows, others = [], []
    for throttle in view.get_throttles():
        if isinstance(throttle, _SettingsRateThrottle):
            key = throttle.window_key(request, view)
            if key is not None:
                windows.append((throttle, key))
        else:
            others.append(throttle)
    together = getattr(cache, "incr_and_get_many", None)
    if together is not None:
        counts, values = together({key: throttle.duration + 1 for throttle, key in windows}, keys)
    else:
        counts, values = {}, cache.get_many(keys)
    durations = []
    for throttle, key in windows:
        count = counts.get(key)
        if count is None:  # not counted in the pipeline (another cache, an error): as allow_request()
            count = throttle.count(key)
        if count > throttle.num_requests:
            durations.append(throttle.wait())
    durations += [throttle.wait() for throttle in others if not throttle.allow_request(request, view)]
    if durations:
        view.throttled(request, max((d for d in durations if d is not None), default=None))
    return values
