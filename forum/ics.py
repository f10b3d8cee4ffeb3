"""iCalendar (.ics) files of the programme, built with the `icalendar` package."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from urllib.parse import urlsplit
from zoneinfo import ZoneInfo

from django.conf import settings
from django.utils.translation import gettext as _
from icalendar import Calendar, Event

from .models import ForumEdition, Section

# The forum happens in Tolyatti whatever the server's zone; calendars show Samara time.
FORUM_TIMEZONE = ZoneInfo("Europe/Samara")
PRODID = "-//Самоуправление Тольятти//Форум//RU"


def section_uid(section: Section) -> str:
    """Stable per section, identical in the whole programme and in «my» calendar, so re-imports update."""
    host = urlsplit(settings.SITE_URL).hostname or "tolyatti-portal"
    return f"forum-section-{section.pk}@{host}"


def _location(edition: ForumEdition, section: Section) -> str:
    return ", ".join(part for part in (section.room, edition.venue, edition.address) if part)


def _description(section: Section) -> str:
    lines = [section.description.strip()] if section.description.strip() else []
    if section.moderator_lines:
        lines.append(_("Модераторы: %(names)s") % {"names": "; ".join(section.moderator_lines)})
    speakers = [
        ", ".join(part for part in (s.name, s.position, s.organisation) if part) for s in section.speakers.all()
    ]
    if speakers:
        lines.append(_("Спикеры: %(names)s") % {"names": "; ".join(speakers)})
    return "\n\n".join(lines)


def build_calendar(edition: ForumEdition, sections: Iterable[Section], *, name: str) -> bytes:
    """One VEVENT per section (speakers must be prefetched), with the Europe/Samara VTIMEZONE."""
    calendar = Calendar()
    calendar.add("prodid", PRODID)
    calendar.add("version", "2.0")
    calendar.add("calscale", "GREGORIAN")
    calendar.add("method", "PUBLISH")
    calendar.add("x-wr-calname", name)
    calendar.add("x-wr-timezone", str(FORUM_TIMEZONE))
    page = f"{settings.SITE_URL.rstrip('/')}{edition.get_absolute_url()}"
    sections = list(sections)
    for section in sections:
        event = Event()
        event.add("uid", section_uid(section))
        # DTSTAMP moves when the section changes, so calendar apps pick up a new time or room.
        event.add("dtstamp", section.updated_at.astimezone(dt.UTC))
        event.add("dtstart", section.starts_at.astimezone(FORUM_TIMEZONE))
        event.add("dtend", section.ends_at.astimezone(FORUM_TIMEZONE))
        event.add("summary", section.title)
        event.add("location", _location(edition, section))
        if description := _description(section):
            event.add("description", description)
        event.add("url", f"{page}#section-{section.pk}")
        calendar.add_component(event)
    # The zone's rules only for the days the calendar covers: a short VTIMEZONE instead of 50 years of history.
    moments = [edition.starts_at, edition.ends_at, *(s.starts_at for s in sections), *(s.ends_at for s in sections)]
    calendar.add_missing_timezones(
        first_date=min(moments).astimezone(FORUM_TIMEZONE).date() - dt.timedelta(days=1),
        last_date=max(moments).astimezone(FORUM_TIMEZONE).date() + dt.timedelta(days=1),
    )
    return calendar.to_ical()
