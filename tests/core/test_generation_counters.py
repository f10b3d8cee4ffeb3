"""Generation counters on the real Redis cache (CI sets REDIS_URL).

A counter first written after an eviction must stay something Redis can INCR: a float was
pickled, every later bump failed with a ResponseError, and that error opened the cache's
breaker, so closed rate limits (sign-up, uploads, invitations) refused everyone for seconds.
"""

from __future__ import annotations

import time

import pytest
from django.conf import settings
from django.core.cache import cache, caches

from core import cache as fail_soft
from core.sections_cache import bump_generation, generation

pytestmark = pytest.mark.skipif(
    not settings.REDIS_URL or not isinstance(caches["default"], fail_soft.FailSoftRedisCache),
    reason="needs the Redis cache (REDIS_URL)",
)


def test_a_generation_bumped_from_nothing_keeps_counting_and_the_cache_stays_available() -> None:
    name = "test-generation-counter"
    cache.delete(f"generation:{name}")
    bump_generation(name)  # the key is missing: it is written afresh
    first = generation(name)
    bump_generation(name)
    assert generation(name) == first + 1
    assert fail_soft.available()


def test_incrementing_a_value_that_is_not_a_number_is_not_an_outage() -> None:
    cache.set("test-not-a-number", "text", 60)
    with pytest.raises(ValueError):
        cache.incr("test-not-a-number")
    assert fail_soft.available()


def test_an_evicted_counter_starts_past_the_values_it_had() -> None:
    name = "test-generation-evicted"
    cache.delete(f"generation:{name}")
    old = generation(name)
    for _bump in range(5):
        bump_generation(name)
    time.sleep(0.02)  # more milliseconds pass than bumps are made
    cache.delete(f"generation:{name}")  # what allkeys-lru does to an idle counter

    assert generation(name) > old + 5
