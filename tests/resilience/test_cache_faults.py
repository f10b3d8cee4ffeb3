"""Redis killed or frozen: the cache is a miss, bounded in time, and logged once a minute.

Before the fix the cache was Django's RedisCache with no socket timeout: a killed
Redis raised ConnectionError on every page (500), a frozen one held the request.
"""

from __future__ import annotations

import logging
import time

import pytest
from django.template import Context, Template
from django.test import RequestFactory

from core import cache as fail_soft
from core.caching import cache_for_anonymous

pytestmark = pytest.mark.faults


def _every_operation(cache) -> dict:
    return {
        "get": cache.get("k", "miss"),
        "set": cache.set("k", 1, 30),
        "add": cache.add("a", 1, 30),
        "get_many": cache.get_many(["k", "a"]),
        "has_key": cache.has_key("k"),
        "delete": cache.delete("k"),
        "set_many": cache.set_many({"x": 1}),
        "get_or_set": cache.get_or_set("g", 7, 30),
    }


def test_killed_redis_is_a_miss_for_every_operation(redis_cache, redis_server):
    redis_cache.set("k", "kept", 30)
    assert redis_cache.get("k") == "kept"
    redis_server.kill()
    results = _every_operation(redis_cache)
    assert results["get"] == "miss" and results["get_many"] == {} and results["has_key"] is False
    assert results["add"] is True and results["get_or_set"] == 7
    with pytest.raises(ValueError):
        redis_cache.incr("counter")
    assert not fail_soft.available()


def test_frozen_redis_costs_one_short_timeout_then_is_skipped(redis_cache, redis_server):
    redis_cache.set("k", "kept", 30)
    redis_server.freeze()
    try:
        started = time.monotonic()
        assert redis_cache.get("k", "miss") == "miss"
        first = time.monotonic() - started
        started = time.monotonic()
        for _ in range(50):
            _every_operation(redis_cache)
        rest = time.monotonic() - started
    finally:
        redis_server.thaw()
    assert first < 1.0, first
    assert rest < 0.5, rest  # the breaker: no call goes to the silent Redis for a few seconds


def test_the_cache_comes_back_after_the_breaker(redis_cache, redis_server, monkeypatch):
    monkeypatch.setattr(fail_soft, "BREAKER_SECONDS", 0.2)
    redis_server.freeze()
    assert redis_cache.get("k", "miss") == "miss"
    redis_server.thaw()
    time.sleep(0.3)
    redis_cache.set("k", "back", 30)
    assert redis_cache.get("k") == "back"


def test_errors_are_logged_once_a_minute(redis_cache, redis_server, caplog, monkeypatch):
    monkeypatch.setattr(fail_soft, "BREAKER_SECONDS", 0)
    redis_server.kill()
    with caplog.at_level(logging.WARNING, logger="core.cache"):
        for _ in range(30):
            redis_cache.get("k")
    assert len([r for r in caplog.records if r.name == "core.cache"]) == 1


@pytest.mark.django_db
def test_page_cache_and_fragments_serve_without_redis(redis_cache, redis_server, settings):
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 30
    redis_server.kill()
    calls = []

    @cache_for_anonymous
    def view(request):
        from django.http import HttpResponse

        calls.append(1)
        return HttpResponse("page")

    request = RequestFactory().get("/initiatives/")
    assert view(request).content == b"page" and view(request).content == b"page"
    assert len(calls) == 2
    fragment = Template('{% load cache %}{% cache 60 frag "x" using="fragments" %}fragment{% endcache %}')
    assert fragment.render(Context({})) == "fragment"


def test_counters_count_in_one_round_trip_with_expiry_and_fail_open_when_redis_dies(redis_cache, redis_server):
    # The API throttles' counter: INCR and EXPIRE pipelined on one reused client.
    assert [redis_cache.incr_with_expiry("window", 30) for _ in range(3)] == [1, 2, 3]
    assert redis_cache.get("window") == 3  # a plain integer, readable as the cache's own value
    raw = redis_cache._cache.get_client(write=True)
    assert raw is redis_cache._cache.get_client(write=True)
    assert 0 < raw.ttl(redis_cache.make_key("window")) <= 30
    redis_cache.set("text", "not a number", 30)
    with pytest.raises(ValueError):
        redis_cache.incr_with_expiry("text", 30)
    assert fail_soft.available()  # Redis answered: not an outage
    redis_server.kill()
    with pytest.raises(ValueError):
        redis_cache.incr_with_expiry("window", 30)
    assert not fail_soft.available()


def test_the_api_list_and_its_throttle_serve_without_redis(redis_cache, redis_server, settings, db):
    from rest_framework.test import APIClient

    from tests.initiatives.factories import InitiativeFactory

    settings.API_THROTTLE_RATES = {"anon": "2/min", "key": "2/min"}
    settings.API_LIST_CACHE_SECONDS = 60
    initiative = InitiativeFactory()
    client = APIClient(REMOTE_ADDR="203.0.113.20")
    assert [client.get("/api/v1/initiatives/").status_code for _ in range(3)] == [200, 200, 429]
    redis_server.kill()
    # No count can be kept: the throttle fails open, the page is computed without the cache.
    responses = [client.get("/api/v1/initiatives/") for _ in range(3)]
    assert [r.status_code for r in responses] == [200, 200, 200]
    assert [row["id"] for row in responses[-1].json()["results"]] == [initiative.pk]


def test_counters_and_reads_share_one_round_trip_and_fail_soft(redis_cache, redis_server):
    redis_cache.set("page", {"kept": True}, 30)
    redis_cache.set("text", "not a number", 30)
    counts, values = redis_cache.incr_and_get_many({"c1": 30, "text": 30}, ["page", "missing"])
    assert counts == {"c1": 1} and values == {"page": {"kept": True}}  # "text" cannot count: left out
    assert redis_cache.incr_and_get_many({"c1": 30}, [])[0] == {"c1": 2}
    assert fail_soft.available()
    redis_server.kill()
    assert redis_cache.incr_and_get_many({"c1": 30}, ["page"]) == ({}, {})
    assert not fail_soft.available()


def test_a_kept_api_page_costs_one_round_trip_to_redis(redis_cache, db, monkeypatch, settings):
    import redis
    from rest_framework.test import APIClient

    from tests.initiatives.factories import InitiativeFactory

    settings.API_LIST_CACHE_SECONDS = 60
    InitiativeFactory()
    client = APIClient(REMOTE_ADDR="203.0.113.21")
    first = client.get("/api/v1/initiatives/")
    calls = []
    original_execute = redis.client.Pipeline.execute
    original_command = redis.Redis.execute_command

    def execute(self, *args, **kwargs):
        calls.append(("pipeline", [c[0][0] for c in self.command_stack]))
        return original_execute(self, *args, **kwargs)

    def command(self, *args, **kwargs):
        if not isinstance(self, redis.client.Pipeline):
            calls.append(("command", args[0]))
        return original_command(self, *args, **kwargs)

    monkeypatch.setattr(redis.client.Pipeline, "execute", execute)
    monkeypatch.setattr(redis.Redis, "execute_command", command)
    second = client.get("/api/v1/initiatives/")
    assert second.content == first.content
    assert calls == [("pipeline", ["INCRBY", "EXPIRE", "MGET"])]
