"""The initiatives' part of the city's work plan: planned works of accepted initiatives (core.plan)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.plan import PlanEvent, PlanQuery, register_plan_source

from .models import Initiative

S = Initiative.Status


def planned_works(query: PlanQuery) -> Iterable[PlanEvent]:
    initiatives = (
        Initiative.objects.public().filter(status__in=[S.ACCEPTED, S.IN_PROGRESS], planned_start__lte=query.end)
        .filter(Q(planned_end__gte=query.start) | Q(planned_end__isnull=True, planned_start__gte=query.start))
        .select_related("district", "microdistrict").order_by("planned_start", "pk")
    )
    if query.council_id:
        initiatives = initiatives.filter(forwarded_to_id=query.council_id)
    if query.microdistrict_id:
        initiatives = initiatives.filter(microdistrict_id=query.microdistrict_id)
    if query.district_id:
        initiatives = initiatives.filter(Q(district_id=query.district_id) | Q(district__isnull=True))
    for initiative in initiatives:
        yield PlanEvent(uid=f"initiative-{initiative.pk}", kind="initiative_planned",
                        title=_("Реализация: %(title)s") % {"title": initiative.title},
                        starts=initiative.planned_start, ends=initiative.planned_end, url=initiative.get_absolute_url(),
                        location=initiative.address or initiative.place_label, description=initiative.summary,
                        updated_at=initiative.updated_at, place=initiative.place_label)


def register() -> None:
    register_plan_source("initiative_planned", gettext_lazy("Реализация принятых инициатив"), planned_works, order=35)
