"""A generation counter that is missing starts from the clock, not from 1 (any cache backend)."""

from __future__ import annotations

import time

import pytest
from django.core.cache import cache

from core.sections_cache import bump_generation, generation, generations


@pytest.mark.parametrize("read", [generation, lambda name: generations(name)[0]])
def test_a_counter_first_read_after_an_eviction_cannot_match_an_earlier_one(read) -> None:
    name = "test-generation-start"
    cache.delete(f"generation:{name}")
    before = read(name)
    for _bump in range(3):
        bump_generation(name)
    time.sleep(0.02)  # more milliseconds pass than bumps are made
    cache.delete(f"generation:{name}")

    after = read(name)

    assert isinstance(after, int)
    assert after > before + 3
