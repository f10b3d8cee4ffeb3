"""The partners' part of the city's work plan: application windows of programmes (core.plan)."""

from __future__ import annotations

from collections.abc import Iterable

from django.db.models import Q
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.plan import PlanEvent, PlanQuery, register_plan_source

from .models import Programme


def programme_windows(query: PlanQuery) -> Iterable[PlanEvent]:
    if query.council_id:
        return
    programmes = Programme.objects.public().filter(applications_open__lte=query.end,
                                                   applications_close__gte=query.start).select_related("partner")
    district_id = query.district_id
    if query.microdistrict_id and not district_id:
        from councils.models import Microdistrict

        district_id = Microdistrict.objects.filter(pk=query.microdistrict_id).values_list("district_id",
                                                                                          flat=True).first()
    if district_id:
        programmes = programmes.filter(Q(districts__isnull=True) | Q(districts=district_id)).distinct()
    for programme in programmes.order_by("applications_open", "pk"):
        yield PlanEvent(uid=f"programme-{programme.pk}", kind="programme_window",
                        title=_("Приём заявок: %(title)s") % {"title": programme.title},
                        starts=programme.applications_open, ends=programme.applications_close,
                        url=programme.get_absolute_url(), description=programme.partner.name,
                        updated_at=programme.updated_at)


def register() -> None:
    register_plan_source("programme_window", gettext_lazy("Приём заявок в программы партнёров"), programme_windows,
                         order=50)
