"""The councils' part of the city's work plan: meetings of councils and of TOS councils (core.plan)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.plan import PlanEvent, PlanQuery, register_plan_source
from core.plan_helpers import day_bounds

from .models import Council, CouncilMeeting


def _meetings(query: PlanQuery, *, tos: bool) -> Iterable[PlanEvent]:
    first, after = day_bounds(query.start, query.end)
    meetings = (CouncilMeeting.objects.published().filter(held_at__gte=first, held_at__lt=after)
                .select_related("council__district", "council__microdistrict", "council__tos").order_by("held_at"))
    meetings = meetings.filter(council__kind=Council.Kind.TOS_COUNCIL) if tos else meetings.exclude(
        council__kind=Council.Kind.TOS_COUNCIL)
    if query.council_id:
        meetings = meetings.filter(council_id=query.council_id)
    if query.microdistrict_id:
        meetings = meetings.filter(Q(council__microdistrict_id=query.microdistrict_id)
                                   | Q(council__tos__microdistricts=query.microdistrict_id)
                                   | Q(council__kind=Council.Kind.DISTRICT_COORDINATION,
                                       council__district__microdistricts=query.microdistrict_id)).distinct()
    if query.district_id:
        meetings = meetings.filter(council__district_id=query.district_id)
    kind = "tos_meeting" if tos else "council_meeting"
    for meeting in meetings:
        council = meeting.council
        yield PlanEvent(
            uid=f"{kind}-{meeting.pk}", kind=kind, title=f"{council.name}: {_('заседание')}",
            starts=meeting.held_at, url=council.get_absolute_url(), location=meeting.place,
            description=meeting.agenda, place=council.district.name,
        )


def council_meetings(query: PlanQuery) -> Iterable[PlanEvent]:
    return _meetings(query, tos=False)


def tos_meetings(query: PlanQuery) -> Iterable[PlanEvent]:
    return _meetings(query, tos=True)


def register() -> None:
    register_plan_source("council_meeting", _("Заседания советов"), council_meetings, order=10)
    register_plan_source("tos_meeting", _("Собрания и заседания ТОС"), tos_meetings, order=20)
