"""iCalendar downloads: the whole programme and one's own sections, parsed back with `icalendar`."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.test import Client
from django.urls import reverse
from icalendar import Calendar

from forum import services
from forum.ics import section_uid
from tests.factories import UserFactory

from .factories import ForumEditionFactory, SectionFactory, SpeakerFactory, register

pytestmark = pytest.mark.django_db
SAMARA = ZoneInfo("Europe/Samara")


@pytest.fixture
def programme():
    edition = ForumEditionFactory(year=2041, capacity=50)
    base = edition.starts_at
    sections = [
        SectionFactory(edition=edition, title="Пленарное заседание", starts_at=base,
                       ends_at=base + dt.timedelta(minutes=90), room="Большой зал"),
        SectionFactory(edition=edition, title="ТОС и общественные советы: лучшие практики",
                       starts_at=base + dt.timedelta(hours=2), ends_at=base + dt.timedelta(hours=3, minutes=30),
                       capacity=1),
        SectionFactory(edition=edition, title="Национальные проекты на территории города",
                       starts_at=base + dt.timedelta(hours=4), ends_at=base + dt.timedelta(hours=5, minutes=30)),
    ]
    sections[1].speakers.add(SpeakerFactory(name="Белов Игорь Сергеевич"))
    return edition, sections


def parse(response) -> Calendar:
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_programme_calendar_has_one_event_per_section(programme):
    edition, sections = programme
    calendar = parse(Client().get(reverse("forum:programme_ics", args=[edition.year])))
    events = list(calendar.walk("VEVENT"))
    assert len(events) == 3
    assert [str(e["SUMMARY"]) for e in events] == [s.title for s in sections]
    for event, section in zip(events, sections, strict=True):
        start, end = event.decoded("DTSTART"), event.decoded("DTEND")
        assert start == section.starts_at and end == section.ends_at
        assert str(start.tzinfo) == "Europe/Samara"
        assert start.astimezone(SAMARA).hour == section.starts_at.astimezone(SAMARA).hour
        assert str(event["UID"]) == section_uid(section)
        assert edition.venue in str(event["LOCATION"])
    assert "Белов Игорь Сергеевич" in str(events[1]["DESCRIPTION"])
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Samara"]
    assert events[0].decoded("DTSTART").strftime("%H:%M") == "10:00"


def test_my_calendar_has_only_my_confirmed_sections(programme):
    edition, (plenary, limited, _national) = programme
    me = UserFactory()
    register(edition, UserFactory(), [limited])  # takes the only seat at «limited»
    register(edition, me, [plenary, limited])
    client = Client()
    client.force_login(me)
    calendar = parse(client.get(reverse("forum:my_ics", args=[edition.year])))
    events = list(calendar.walk("VEVENT"))
    # «limited» is waitlisted for me: not in my calendar.
    assert [str(e["SUMMARY"]) for e in events] == [plenary.title]
    # The UID is the same as in the whole programme, so calendar apps treat it as the same event.
    assert str(events[0]["UID"]) == section_uid(plenary)


def test_my_calendar_is_empty_when_waitlisted_or_cancelled(programme):
    edition, (plenary, _limited, _national) = programme
    edition.capacity = 1
    edition.save()
    holder = register(edition, UserFactory(), [plenary])
    me = UserFactory()
    register(edition, me, [plenary])
    client = Client()
    client.force_login(me)
    assert list(parse(client.get(reverse("forum:my_ics", args=[edition.year]))).walk("VEVENT")) == []
    services.registration_cancel(holder, actor=holder.user)
    assert len(list(parse(client.get(reverse("forum:my_ics", args=[edition.year]))).walk("VEVENT"))) == 1
