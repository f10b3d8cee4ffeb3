"""A Redis cache whose failures are misses.

Everything the portal keeps in the cache can be recomputed: whole pages for
visitors, template fragments, list counts, rate-limit counters. When Redis is
down or silent the page is served without the cache instead of answering 500;
the settings bound each call (sub-second socket timeouts, no retries), and the
errors are logged at most once a minute rather than once per request.

With the store down every counter starts afresh, so a rate limit lets the
request through (fails open) unless its action checks `available()` and
refuses instead (fails closed); each rate-limited action says which and why.
"""

from __future__ import annotations

import logging
import threading
import time
from collections.abc import Iterable
from typing import Any

import redis.exceptions
from django.core.cache.backends.base import DEFAULT_TIMEOUT
from django.core.cache.backends.redis import RedisCache, RedisCacheClient
from django.utils.functional import cached_property

logger = logging.getLogger(__name__)

# Redis refused, dropped or timed out, or answered with an error (OOM, LOADING, READONLY).
CACHE_ERRORS = (redis.exceptions.RedisError, OSError)
LOG_INTERVAL_SECONDS = 60.0


class _ErrorLog:
    """One warning per interval per process, counting the errors in between."""

    def __init__(self) -> None:
        self._lock = threading.Lock()
        self._last = float("-inf")
        self._suppressed = 0
        self.last_error_at = float("-inf")

    def report(self, operation: str, exc: BaseException) -> None:
        now = time.monotonic()
        if not isinstance(exc, CacheSkipped):  # a skipped call must not hold the breaker open
            self.last_error_at = now
        with self._lock:
            if now - self._last < LOG_INTERVAL_SECONDS:
                self._suppressed += 1
                return
            suppressed, self._suppressed, self._last = self._suppressed, 0, now
        logger.warning(
            "Cache unavailable (%s in %s: %s); serving without it. %d more errors since the last report; "
            "the next report comes in %.0f s at the earliest.",
            type(exc).__name__, operation, exc, suppressed, LOG_INTERVAL_SECONDS,
        )


errors = _ErrorLog()

# After an error the cache is skipped for this long: a silent Redis then costs one
# timeout per process every few seconds, not one per cache call.
BREAKER_SECONDS = 5.0


class CacheSkipped(redis.exceptions.ConnectionError):
    """Not sent: Redis failed moments ago."""


def available() -> bool:
    """False while the cache has failed within the last BREAKER_SECONDS (in this process)."""
    return time.monotonic() - errors.last_error_at >= BREAKER_SECONDS


def reachable(alias: str = "default") -> bool:
    """Ask the cache once (a read of a tiny key) and say whether it answers."""
    from django.core.cache import caches

    caches[alias].get("core.cache.probe")
    return available()


class _ReusedClient(RedisCacheClient):
    """Django's client builds a new redis.Redis (≈ 170 response callbacks) for every call; one
    per connection pool serves all calls alike (its connections still come from the pool)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._clients: dict[int, Any] = {}

    def get_client(self, key: Any = None, *, write: bool = False) -> Any:
        pool = self._get_connection_pool(write)
        client = self._clients.get(id(pool))
        if client is None:
            client = self._clients[id(pool)] = self._client(connection_pool=pool)
        return client


class FailSoftRedisCache(RedisCache):
    """Django's Redis cache; a Redis error is a miss (reads) or a no-op (writes)."""

    def __init__(self, server: Any, params: dict[str, Any]) -> None:
        super().__init__(server, params)
        self._class = _ReusedClient

    @cached_property
    def _client(self) -> Any:
        return self._class(self._servers, **self._options)

    @property
    def _cache(self) -> Any:  # replaces RedisCache's cached property of the same name
        if not available():
            raise CacheSkipped("skipped: the cache failed moments ago")
        return self._client

    def get(self, key: Any, default: Any = None, version: int | None = None) -> Any:
        try:
            return super().get(key, default, version)
        except CACHE_ERRORS as exc:
            errors.report("get", exc)
            return default

    def get_many(self, keys: Iterable[Any], version: int | None = None) -> dict[Any, Any]:
        try:
            return super().get_many(keys, version)
        except CACHE_ERRORS as exc:
            errors.report("get_many", exc)
            return {}

    def has_key(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().has_key(key, version)
        except CACHE_ERRORS as exc:
            errors.report("has_key", exc)
            return False

    def set(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> None:
        try:
            super().set(key, value, timeout, version)
        except CACHE_ERRORS as exc:
            errors.report("set", exc)

    def set_many(self, data: dict[Any, Any], timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> list[Any]:
        try:
            return super().set_many(data, timeout, version)
        except CACHE_ERRORS as exc:
            errors.report("set_many", exc)
            return list(data)

    def add(self, key: Any, value: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().add(key, value, timeout, version)
        except CACHE_ERRORS as exc:
            errors.report("add", exc)
            # As if added and evicted at once (a cache may evict any key at any time): a
            # cache-based lock (allauth's) does not spin, and a counter starts afresh.
            return True

    def touch(self, key: Any, timeout: Any = DEFAULT_TIMEOUT, version: int | None = None) -> bool:
        try:
            return super().touch(key, timeout, version)
        except CACHE_ERRORS as exc:
            errors.report("touch", exc)
            return False

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> int:
        try:
            return super().incr(key, delta, version)
        except redis.exceptions.ResponseError as exc:
            # Redis answered: the value is not an integer. That is a caller's bug or a
            # value of another shape, not an outage, so it must not open the breaker
            # (which would fail every closed rate limit for BREAKER_SECONDS).
            raise ValueError(f"cannot increment: {exc}") from exc
        except CACHE_ERRORS as exc:
            errors.report("incr", exc)
            # Django's contract for a key that cannot be incremented; rate limiters read
            # it as «count unknown».
            raise ValueError("cache unavailable") from exc

    def incr_with_expiry(self, key: Any, timeout: int, version: int | None = None) -> int:
        """Add one to the counter ``key`` (created at 1) and let it live ``timeout`` seconds from now.

        One round trip (INCR and EXPIRE pipelined) where incr() takes two and a first add().
        ValueError when the cache cannot count, as incr().
        """
        key = self.make_and_validate_key(key, version=version)
        try:
            pipeline = self._cache.get_client(key, write=True).pipeline(transaction=False)
            count, _expiry = pipeline.incr(key).expire(key, timeout).execute()
            return count
        except redis.exceptions.ResponseError as exc:
            raise ValueError(f"cannot increment: {exc}") from exc
        except CACHE_ERRORS as exc:
            errors.report("incr", exc)
            raise ValueError("cache unavailable") from exc

    def incr_and_get_many(
        self, counters: dict[Any, int], keys: Iterable[Any], version: int | None = None
    ) -> tuple[dict[Any, int], dict[Any, Any]]:
        """incr_with_expiry() of each counter (key → seconds to live) and get_many(keys), in one round trip.

        Returns the counts (a counter that could not count is absent: the caller counts it
        the slow way) and the values found. Unreachable: no counts, no values.
        """
        counter_keys = {self.make_and_validate_key(key, version=version): key for key in counters}
        read_keys = {self.make_and_validate_key(key, version=version): key for key in keys}
        try:
            pipeline = self._cache.get_client(None, write=True).pipeline(transaction=False)
            for made, key in counter_keys.items():
                pipeline.incr(made).expire(made, counters[key])
            if read_keys:
                pipeline.mget(list(read_keys))
            results = pipeline.execute(raise_on_error=False)
        except CACHE_ERRORS as exc:
            errors.report("incr_and_get_many", exc)
            return {}, {}
        counts = {
            key: count for key, count in zip(counter_keys.values(), results[0:2 * len(counter_keys):2], strict=True)
            if isinstance(count, int)
        }
        values = {}
        if read_keys:
            raw = results[-1]
            if isinstance(raw, Exception):
                return counts, {}
            loads = self._cache._serializer.loads
            values = {
                key: loads(value) for key, value in zip(read_keys.values(), raw, strict=True) if value is not None
            }
        return counts, values

    def delete(self, key: Any, version: int | None = None) -> bool:
        try:
            return super().delete(key, version)
        except CACHE_ERRORS as exc:
            errors.report("delete", exc)
            return False

    def delete_many(self, keys: Iterable[Any], version: int | None = None) -> None:
        try:
            super().delete_many(keys, version)
        except CACHE_ERRORS as exc:
            errors.report("delete_many", exc)

    def clear(self) -> None:
        try:
            super().clear()
        except CACHE_ERRORS as exc:
            errors.report("clear", exc)
