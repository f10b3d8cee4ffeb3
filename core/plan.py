"""The registry of the city's work plan («План работы»): each app contributes its own events.

An app registers, in its AppConfig.ready(), a source for each kind of event it owns:
``register_plan_source(kind, label, source, order=...)``. ``source(query)`` returns the
events between ``query.start`` and ``query.end`` (inclusive dates) that match the query's
place filters, in a fixed number of queries. The `workplan` app (above every feature app)
merges them into the month view, the list and the iCalendar feeds; nothing below it
knows the plan exists.

UIDs must be stable («<kind>-<pk>@<host>»), so a subscribed calendar updates an event in
place when its date or place changes.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from typing import Any

from django.core.exceptions import ImproperlyConfigured


@dataclass(frozen=True)
class PlanQuery:
    start: dt.date
    end: dt.date
    district_id: int | None = None
    microdistrict_id: int | None = None
    council_id: int | None = None

    @property
    def has_place(self) -> bool:
        return bool(self.district_id or self.microdistrict_id or self.council_id)


@dataclass
class PlanEvent:
    uid: str  # stable: "<kind>-<pk>", the host is added by the feed
    kind: str
    title: str
    starts: dt.date | dt.datetime  # a date for all-day events
    ends: dt.date | dt.datetime | None = None  # inclusive last day for all-day events
    url: str = ""
    location: str = ""
    description: str = ""
    # When the event last changed (DTSTAMP in feeds); None: unknown.
    updated_at: dt.datetime | None = None
    # For the filters' summary on the page (names, not ids).
    place: str = ""
    extra: dict[str, Any] = field(default_factory=dict)

    @property
    def all_day(self) -> bool:
        return not isinstance(self.starts, dt.datetime)


PlanSource = Callable[[PlanQuery], Iterable[PlanEvent]]


@dataclass(frozen=True)
class PlanKind:
    code: str
    label: Any  # a lazy translation
    source: PlanSource
    order: int
    # City-wide kinds (the forum, resolution deadlines) stay in a district's or microdistrict's
    # plan: they concern everyone. A council's plan shows only that council.
    city_wide: bool = False


_KINDS: dict[str, PlanKind] = {}


def register_plan_source(code: str, label: Any, source: PlanSource, *, order: int, city_wide: bool = False) -> None:
    kind = PlanKind(code, label, source, order, city_wide)
    existing = _KINDS.get(code)
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"A plan source for {code!r} is already registered.")
    _KINDS[code] = kind


def plan_kinds() -> list[PlanKind]:
    return sorted(_KINDS.values(), key=lambda kind: (kind.order, kind.code))
