"""The forum's part of the city's work plan: the forum, its sections and the resolution's deadlines (core.plan)."""

from __future__ import annotations

from collections.abc import Iterable

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.plan import PlanEvent, PlanQuery, register_plan_source
from core.plan_helpers import day_bounds

from .models import ForumEdition, ResolutionItem, Section


def forum_days(query: PlanQuery) -> Iterable[PlanEvent]:
    first, after = day_bounds(query.start, query.end)
    for edition in ForumEdition.objects.filter(starts_at__lt=after, ends_at__gte=first).order_by("starts_at"):
        yield PlanEvent(uid=f"forum-{edition.pk}", kind="forum", title=edition.title, starts=edition.starts_at,
                        ends=edition.ends_at, url=edition.get_absolute_url(),
                        location=", ".join(p for p in (edition.venue, edition.address) if p),
                        description=edition.theme, updated_at=edition.updated_at)


def forum_sections(query: PlanQuery) -> Iterable[PlanEvent]:
    first, after = day_bounds(query.start, query.end)
    sections = (Section.objects.filter(starts_at__lt=after, ends_at__gte=first).select_related("edition")
                .order_by("starts_at"))
    for section in sections:
        edition = section.edition
        yield PlanEvent(uid=f"forum-section-{section.pk}", kind="forum_section",
                        title=_("Форум: %(title)s") % {"title": section.title}, starts=section.starts_at,
                        ends=section.ends_at, url=f"{edition.get_absolute_url()}#section-{section.pk}",
                        location=", ".join(p for p in (section.room, edition.venue) if p),
                        description=section.description, updated_at=section.updated_at)


def resolution_deadlines(query: PlanQuery) -> Iterable[PlanEvent]:
    items = (ResolutionItem.objects.filter(deadline__gte=query.start, deadline__lte=query.end)
             .exclude(status__in=[ResolutionItem.Status.DONE, ResolutionItem.Status.CANCELLED])
             .select_related("resolution__edition").order_by("deadline", "number"))
    for item in items:
        resolution = item.resolution
        yield PlanEvent(
            uid=f"resolution-item-{item.pk}", kind="resolution_deadline",
            title=_("Срок пункта %(number)s резолюции форума %(year)s") % {"number": item.number,
                                                                           "year": resolution.edition.year},
            starts=item.deadline, url=f"{resolution.get_absolute_url()}#item-{item.number}",
            description=item.text, updated_at=item.updated_at,
        )


def register() -> None:
    register_plan_source("forum", gettext_lazy("Форум"), forum_days, order=30, city_wide=True)
    register_plan_source("forum_section", gettext_lazy("Площадки форума"), forum_sections, order=31, city_wide=True)
    register_plan_source("resolution_deadline", gettext_lazy("Сроки пунктов резолюции"), resolution_deadlines,
                         order=32, city_wide=True)
