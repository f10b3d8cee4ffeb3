"""Cached figures: computing them all costs a few aggregate queries; the page says how fresh they are."""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass

from django.conf import settings
from django.core.cache import cache
from django.utils import timezone, translation

from . import figures

# The periodic task stats.tasks.refresh_figures recomputes every figure well before this runs out,
# so visitors read the cache; the page shows when the figures were computed.
CACHE_SECONDS = getattr(settings, "STATS_CACHE_SECONDS", 900)
CACHE_VERSION = 1


@dataclass
class Snapshot:
    figures: dict[str, figures.Figure]
    computed_at: dt.datetime


def _key(slug: str) -> str:
    return f"stats:v{CACHE_VERSION}:{translation.get_language()}:{slug}"


def figure(slug: str) -> tuple[figures.Figure, dt.datetime]:
    """One figure from the cache, computed when missing or stale."""
    cached = cache.get(_key(slug))
    if cached is None:
        cached = (figures.build(slug), timezone.now())
        cache.set(_key(slug), cached, CACHE_SECONDS)
    return cached


def refresh(languages: list[str] | None = None) -> int:
    """Recompute every figure in every language and put it in the cache (the periodic task)."""
    count = 0
    for code in languages or [code for code, _name in settings.LANGUAGES]:
        with translation.override(code):
            for slug in figures.figure_slugs():
                cache.set(_key(slug), (figures.build(slug), timezone.now()), CACHE_SECONDS)
                count += 1
    return count


def snapshot() -> Snapshot:
    """Every figure; the time shown is that of the oldest one (the page is at least that fresh)."""
    loaded = {slug: figure(slug) for slug in figures.figure_slugs()}
    return Snapshot(figures={slug: f for slug, (f, _) in loaded.items()},
                    computed_at=min((at for _f, at in loaded.values()), default=timezone.now()))
