"""Small helpers the apps' plan sources share (kept out of core/plan.py so the registry stays tiny)."""

from __future__ import annotations

import datetime as dt

from django.utils import timezone


def day_bounds(start: dt.date, end: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """Aware datetimes from the start of `start` to the start of the day after `end` (local time)."""
    first = timezone.make_aware(dt.datetime.combine(start, dt.time.min))
    after = timezone.make_aware(dt.datetime.combine(end + dt.timedelta(days=1), dt.time.min))
    return first, after
