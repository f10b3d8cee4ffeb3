"""«План работы»: every app's events in one month view and list, filters, iCalendar feeds with stable UIDs."""

from __future__ import annotations

import datetime as dt
from zoneinfo import ZoneInfo

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from icalendar import Calendar

from core.demo import DemoRun
from councils.models import Council
from forum.models import ForumEdition
from tests.factories import CouncilFactory, CouncilMeetingFactory, DistrictFactory, MicrodistrictFactory
from tests.forum.factories import ForumEditionFactory, ResolutionItemFactory, SectionFactory
from tests.initiatives.factories import InitiativeFactory
from tests.partners.factories import ProgrammeFactory
from workplan.demo import load_workplan_demo

pytestmark = pytest.mark.django_db
SAMARA = ZoneInfo("Europe/Samara")


def _soon(days: int = 3, hour: int = 18) -> dt.datetime:
    day = timezone.localdate() + dt.timedelta(days=days)
    return timezone.make_aware(dt.datetime.combine(day, dt.time(hour, 0)))


@pytest.fixture
def plan(db, make_act):
    district, other = DistrictFactory(name="Автозаводский"), DistrictFactory(name="Центральный")
    microdistrict = MicrodistrictFactory(district=district, name="7 квартал")
    council = CouncilFactory(microdistrict=microdistrict, name="Совет 7 квартала")
    other_council = CouncilFactory(microdistrict=MicrodistrictFactory(district=other), name="Совет Портпоселка")
    CouncilMeetingFactory(council=council, held_at=_soon(2), place="Школа № 93")
    CouncilMeetingFactory(council=other_council, held_at=_soon(3))
    CouncilMeetingFactory(council=council, held_at=_soon(4), is_published=False, agenda="Черновик повестки")
    edition = ForumEditionFactory(year=2099, starts_at=_soon(5, 10), ends_at=_soon(5, 17),
                                  status=ForumEdition.Status.REGISTRATION_OPEN)
    SectionFactory(edition=edition, title="Лучшие практики ТОС", starts_at=_soon(5, 12), ends_at=_soon(5, 13))
    ResolutionItemFactory(deadline=timezone.localdate() + dt.timedelta(days=6))
    act = make_act("discussion")
    ProgrammeFactory(title="Двор мечты")
    InitiativeFactory(status="accepted", title="Скамейки у школы", microdistrict=microdistrict,
                      planned_start=timezone.localdate() + dt.timedelta(days=1),
                      planned_end=timezone.localdate() + dt.timedelta(days=20), forwarded_to=council)
    return {"district": district, "other": other, "microdistrict": microdistrict, "council": council, "act": act}


def _page(client, name: str, **params) -> str:
    response = client.get(reverse(name), params)
    assert response.status_code == 200
    # The events, not the filter form (whose lists name every council).
    return response.content.decode().split("</form>", 1)[1]


def test_list_holds_every_kind_of_event(client, plan):
    page = _page(client, "workplan:list")
    for text in ("Совет 7 квартала", "Совет Портпоселка", "Лучшие практики ТОС", "Срок пункта",
                 "Обсуждение: " + plan["act"].title, "Приём заявок: Двор мечты", "Реализация: Скамейки у школы"):
        assert text in page, text
    assert "Черновик повестки" not in page


def test_month_view_without_javascript_and_its_navigation(client, plan):
    page = _page(client, "workplan:month")
    assert '<table class="plan-calendar">' in page and "Совет 7 квартала" in page
    assert "<script" not in page
    month = (timezone.localdate().replace(day=1) + dt.timedelta(days=40)).strftime("%Y-%m")
    assert _page(client, "workplan:month", month=month)


def test_district_filter_keeps_city_wide_events(client, plan):
    page = _page(client, "workplan:list", district=plan["district"].pk)
    assert "Совет 7 квартала" in page and "Совет Портпоселка" not in page
    assert "Лучшие практики ТОС" in page  # the forum concerns everyone


def test_council_filter_shows_only_that_council(client, plan):
    page = _page(client, "workplan:list", council=plan["council"].pk)
    assert "Совет 7 квартала" in page and "Скамейки у школы" in page
    assert "Совет Портпоселка" not in page and "Лучшие практики ТОС" not in page


def test_kind_filter(client, plan):
    page = _page(client, "workplan:list", kind="act_discussion")
    assert "Обсуждение:" in page and "Совет 7 квартала" not in page


def test_bad_filters_are_ignored_not_500(client, plan):
    for params in ({"district": "abc"}, {"month": "2026-13"}, {"kind": "nonsense"}, {"council": "999999"}):
        assert client.get(reverse("workplan:month"), params).status_code == 200
        assert client.get(reverse("workplan:feed"), params).status_code == 200


@pytest.mark.parametrize("month", ["0001-01", "9999-12", "1000-06"])
def test_a_month_out_of_range_is_a_form_error_not_500(client, plan, month):
    for name in ("workplan:month", "workplan:list", "workplan:feed"):
        response = client.get(reverse(name), {"month": month})
        assert response.status_code == 200
    response = client.get(reverse("workplan:month"), {"month": month})
    assert "month" in response.context["form"].errors
    assert response.context["month"] == timezone.localdate().replace(day=1)


def _feed(client, **params) -> Calendar:
    response = client.get(reverse("workplan:feed"), params)
    assert response["Content-Type"].startswith("text/calendar")
    return Calendar.from_ical(response.content)


def test_feed_is_valid_icalendar_with_stable_uids(client, plan):
    calendar = _feed(client)
    events = list(calendar.walk("VEVENT"))
    assert calendar["VERSION"] == "2.0" and calendar["PRODID"]
    uids = [str(e["UID"]) for e in events]
    assert len(uids) == len(set(uids)) and all("@" in uid for uid in uids)
    for event in events:
        assert "DTSTART" in event and "DTEND" in event and "DTSTAMP" in event and "SUMMARY" in event
    # An all-day window's DTEND is the day after its last day (exclusive).
    act = plan["act"]
    window = next(e for e in events if str(e["UID"]).startswith(f"act-discussion-{act.pk}@"))
    assert window["DTEND"].dt == act.discussion_ends_on + dt.timedelta(days=1)
    # The same event keeps its UID when its time changes: subscribed calendars update it in place.
    meeting = plan["council"].meetings.filter(is_published=True).get()
    meeting.held_at = _soon(9)
    meeting.save()
    moved = next(e for e in _feed(client).walk("VEVENT") if str(e["UID"]).startswith(f"council_meeting-{meeting.pk}@"))
    assert moved["DTSTART"].dt.astimezone(SAMARA).date() == timezone.localdate() + dt.timedelta(days=9)


def test_filtered_feed_for_one_microdistrict(client, plan):
    events = list(_feed(client, microdistrict=plan["microdistrict"].pk).walk("VEVENT"))
    summaries = " ".join(str(e["SUMMARY"]) for e in events)
    assert "Совет 7 квартала" in summaries and "Совет Портпоселка" not in summaries


def test_month_view_queries_do_not_grow_with_events(client, plan):
    def count() -> int:
        with CaptureQueriesContext(connection) as captured:
            client.get(reverse("workplan:month"))
        return len(captured)

    few = count()
    for day in range(10):
        CouncilMeetingFactory(council=plan["council"], held_at=_soon(1 + day % 20))
        CouncilMeetingFactory(council=CouncilFactory(kind=Council.Kind.MICRODISTRICT_PUBLIC), held_at=_soon(2))
    assert count() == few


def test_demo_plans_accepted_demo_initiatives_once(db):
    from tests.factories import UserFactory

    author = UserFactory(email="resident1@residents.demo.tolyatti.local")
    InitiativeFactory(status="accepted", author=author)
    run = DemoRun(with_users=True, password="", password_from_env=False, scale="demo", verbosity=0, stdout=None)
    assert load_workplan_demo(run) == 1
    assert load_workplan_demo(run) == 0
