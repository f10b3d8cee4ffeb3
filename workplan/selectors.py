"""The plan: every registered source asked for the same period and place, merged by date."""

from __future__ import annotations

import calendar
import datetime as dt
from dataclasses import dataclass, field

from django.utils import timezone

from core.plan import PlanEvent, PlanQuery, plan_kinds


def _sort_key(event: PlanEvent) -> tuple:
    start = event.starts
    if isinstance(start, dt.datetime):
        return (timezone.localtime(start).date(), 1, timezone.localtime(start).time(), event.title)
    return (start, 0, dt.time.min, event.title)


def start_date(event: PlanEvent) -> dt.date:
    return timezone.localtime(event.starts).date() if isinstance(event.starts, dt.datetime) else event.starts


def end_date(event: PlanEvent) -> dt.date:
    if event.ends is None:
        return start_date(event)
    return timezone.localtime(event.ends).date() if isinstance(event.ends, dt.datetime) else event.ends


def events(query: PlanQuery, kinds: list[str] | None = None) -> list[PlanEvent]:
    """Events of the chosen kinds (all by default) in the query's period and place, in date order."""
    found: list[PlanEvent] = []
    for kind in plan_kinds():
        if kinds and kind.code not in kinds:
            continue
        # A council's plan is that council's; a district's or microdistrict's keeps the city-wide events.
        if kind.city_wide and query.council_id:
            continue
        found.extend(kind.source(query))
    labels = {k.code: k.label for k in plan_kinds()}
    for event in found:
        event.extra.setdefault("kind_label", labels.get(event.kind, event.kind))
    return sorted(found, key=_sort_key)


@dataclass
class Day:
    date: dt.date
    in_month: bool
    is_today: bool
    events: list[PlanEvent] = field(default_factory=list)


def month_grid(month: dt.date, found: list[PlanEvent]) -> list[list[Day]]:
    """Weeks (Monday first) of the month; an event shows on its first day and, if longer, on its last."""
    today = timezone.localdate()
    weeks = []
    for week in calendar.Calendar(firstweekday=0).monthdatescalendar(month.year, month.month):
        weeks.append([Day(d, d.month == month.month, d == today) for d in week])
    by_date = {day.date: day for week in weeks for day in week}
    for event in found:
        first, last = start_date(event), end_date(event)
        if first in by_date:
            by_date[first].events.append(event)
        if last != first and last in by_date:
            by_date[last].events.append(PlanEvent(**{**event.__dict__, "extra": {**event.extra, "last_day": True}}))
    return weeks


def month_bounds(month: dt.date) -> tuple[dt.date, dt.date]:
    first = month.replace(day=1)
    last = first.replace(day=calendar.monthrange(first.year, first.month)[1])
    return first, last
