"""iCalendar feeds of the plan: stable UIDs so a subscribed phone updates events in place."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils import timezone
from icalendar import Calendar, Event

from core.plan import PlanEvent

CITY_TIMEZONE = ZoneInfo("Europe/Samara")
PRODID = "-//Самоуправление Тольятти//План работы//RU"


def host() -> str:
    return urlsplit(settings.SITE_URL).hostname or "tolyatti-portal"


def build_feed(events: Iterable[PlanEvent], *, name: str) -> bytes:
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(CITY_TIMEZONE))
    # Subscribed calendars ask again twice a day.
    calendar.add("refresh-interval", dt.timedelta(hours=12), parameters={"VALUE": "DURATION"})
    site = settings.SITE_URL.rstrip("/")
    now = timezone.now()
    moments: list[dt.datetime] = []
    for item in events:
        event = Event()
        event.add("uid", f"{item.uid}@{host()}")
        event.add("dtstamp", (item.updated_at or now).astimezone(dt.UTC))
        if item.all_day:
            event.add("dtstart", item.starts)
            last = item.ends or item.starts
            event.add("dtend", last + dt.timedelta(days=1))  # DTEND of a date is exclusive
        else:
            start = item.starts.astimezone(CITY_TIMEZONE)
            end = (item.ends or item.starts + dt.timedelta(hours=2)).astimezone(CITY_TIMEZONE)
            event.add("dtstart", start)
            event.add("dtend", end)
            moments += [start, end]
        event.add("summary", item.title)
        if item.location:
            event.add("location", item.location)
        if item.description:
            event.add("description", item.description)
        if item.url:
            event.add("url", item.url if item.url.startswith("http") else f"{site}{item.url}")
        event.add("categories", [str(item.extra.get("kind_label", item.kind))])
        calendar.add_component(event)
    if moments:
        calendar.add_missing_timezones(first_date=min(moments).date() - dt.timedelta(days=1),
                                       last_date=max(moments).date() + dt.timedelta(days=1))
    return calendar.to_ical()
