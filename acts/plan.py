"""The acts' part of the city's work plan: discussion windows of normative acts (core.plan)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.plan import PlanEvent, PlanQuery, register_plan_source

from .models import NormativeAct


def discussion_windows(query: PlanQuery) -> Iterable[PlanEvent]:
    if query.council_id:
        return  # acts belong to the city or a district, not to one council
    acts = NormativeAct.objects.filter(
        status__in=NormativeAct.PUBLIC_STATUSES, discussion_starts_on__lte=query.end,
        discussion_ends_on__gte=query.start,
    )
    district_id = query.district_id
    if query.microdistrict_id and not district_id:
        from councils.models import Microdistrict

        district_id = Microdistrict.objects.filter(pk=query.microdistrict_id).values_list("district_id",
                                                                                          flat=True).first()
    if district_id:
        # City-wide acts (no district) concern every district too.
        acts = acts.filter(Q(districts__isnull=True) | Q(districts=district_id)).distinct()
    for act in acts.order_by("discussion_starts_on", "pk"):
        yield PlanEvent(uid=f"act-discussion-{act.pk}", kind="act_discussion",
                        title=_("Обсуждение: %(title)s") % {"title": act.title}, starts=act.discussion_starts_on,
                        ends=act.discussion_ends_on, url=act.get_absolute_url(), description=act.summary,
                        updated_at=act.updated_at)


def register() -> None:
    register_plan_source("act_discussion", gettext_lazy("Обсуждения нормативных актов"), discussion_windows,
                         order=40)
