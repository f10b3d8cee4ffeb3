"""Reads of the forum for pages and calendars. Every page's query count is constant in its rows.

Per-row data (speakers of a section, reports of an item, chosen sections of a
registration) comes through prefetches and annotations, never from the template.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet, prefetch_related_objects
from django.http import Http404
from django.shortcuts import get_object_or_404

from accounts.models import User
from core.sections_cache import cached_data
from initiatives.models import Initiative

from . import permissions
from .models import (
    ForumEdition,
    ProgressReport,
    Registration,
    Resolution,
    ResolutionItem,
    Section,
    SectionRegistration,
    Speaker,
    Topic,
    TopicSupport,
    normalise_checkin_code,
    overall_progress,
)

# Bumped whenever an edition, a resolution, an item (or its councils) or a report is saved or
# deleted (forum.apps): the cached rows of the home page's forum block and the resolution page.
RESOLUTION_GENERATION = "forum-resolution"

CHECKIN_PAGE_SIZE = 50
TOPICS_PAGE_SIZE = 30


def current_edition() -> ForumEdition | None:
    """The latest forum that is not archived; failing that, the latest one at all."""
    return (
        ForumEdition.objects.not_archived().order_by("-year").first()
        or ForumEdition.objects.order_by("-year").first()
    )


def edition_by_year(year: int) -> ForumEdition:
    # The reverse one-to-one comes along so a page knows whether a resolution exists without a query.
    return get_object_or_404(ForumEdition.objects.select_related("resolution"), year=year)


def has_resolution(edition: ForumEdition) -> bool:
    return hasattr(edition, "resolution")


def programme_sections(edition: ForumEdition) -> QuerySet[Section]:
    """Sections with speakers and the number of taken seats (for «осталось N мест»)."""
    return (
        edition.sections.order_by("starts_at", "id")
        .annotate(seats_taken=_seats_taken_in_section())
        .prefetch_related(Prefetch("speakers", queryset=Speaker.objects.order_by("name")))
    )


def edition_seats_taken(edition: ForumEdition) -> int:
    """Seats of the forum held now (confirmed or attended): the one count pages and services use."""
    return Registration.objects.filter(edition=edition, status__in=Registration.SEAT_STATUSES).count()


def _seats_taken_in_section() -> Count:
    return Count("section_registrations", filter=Q(section_registrations__status=SectionRegistration.Status.CONFIRMED))


def section_seats_taken(sections: Iterable[Section]) -> dict[int, int]:
    """Confirmed seats per section id (0 for an empty one)."""
    ids = [section.pk for section in sections]
    rows = (
        SectionRegistration.objects.filter(section_id__in=ids, status=SectionRegistration.Status.CONFIRMED)
        .values("section_id")
        .annotate(taken=Count("id"))
    )
    taken = dict.fromkeys(ids, 0)
    taken.update({row["section_id"]: row["taken"] for row in rows})
    return taken


def active_registration(edition: ForumEdition, user: User) -> Registration | None:
    if not user.is_authenticated:
        return None
    return (
        Registration.objects.filter(edition=edition, user=user, status__in=Registration.ACTIVE_STATUSES)
        .prefetch_related(_places())
        .first()
    )


def _places(queryset: QuerySet[SectionRegistration] | None = None) -> Prefetch:
    base = queryset if queryset is not None else SectionRegistration.objects.exclude(status="cancelled")
    return Prefetch(
        "section_registrations",
        queryset=base.select_related("section").order_by("section__starts_at", "section_id"),
        to_attr="places",
    )


def edition_context(edition: ForumEdition, user: User) -> dict[str, Any]:
    sections = list(programme_sections(edition))
    for section in sections:
        section.seats_left = None if section.capacity is None else max(0, section.capacity - section.seats_taken)
    seats_taken = edition_seats_taken(edition)
    materials = list(edition.materials.select_related("section")) if edition.is_over else []
    return {
        "edition": edition,
        "sections": sections,
        "seats_left": max(0, edition.capacity - seats_taken),
        "materials": materials,
        "registration": active_registration(edition, user),
        "has_resolution": has_resolution(edition),
        # «Проводить Форум ежегодно»: the resolution items this edition carries out, for a link back to them.
        "fulfils_items": list(edition.fulfils_items.select_related("resolution__edition").order_by("number")),
        "is_forum_staff": permissions.is_forum_staff(user),
        # The archive: every other year, so past editions and their resolutions stay reachable.
        "other_editions": list(
            ForumEdition.objects.exclude(pk=edition.pk).select_related("resolution").order_by("-year")
        ),
    }


def home_summary() -> dict[str, Any]:
    """The forum on the home page: the current edition and the latest resolution with its progress.

    The same for every visitor, so the rows are cached until an edition, a resolution, an
    item or a report changes (`RESOLUTION_GENERATION`, bumped in forum.apps).
    """
    return cached_data("forum-home", [RESOLUTION_GENERATION], _home_summary)


def _home_summary() -> dict[str, Any]:
    resolution = Resolution.objects.select_related("edition").order_by("-edition__year").first()
    progress = None
    if resolution is not None:
        progress = overall_progress(resolution.items.all())
    return {"forum_edition": current_edition(), "latest_resolution": resolution, "resolution_progress": progress}


def registration_sections(edition: ForumEdition) -> QuerySet[Section]:
    """Sections a registration form offers, with taken seats so labels can say how many are left."""
    return edition.sections.order_by("starts_at", "id").annotate(seats_taken=_seats_taken_in_section())


def my_registrations(user: User) -> QuerySet[Registration]:
    return (
        Registration.objects.filter(user=user)
        .select_related("edition")
        .prefetch_related(_places())
        .order_by("-edition__year", "-created_at", "-id")
    )


def calendar_sections(edition: ForumEdition) -> QuerySet[Section]:
    return edition.sections.order_by("starts_at", "id").prefetch_related(
        Prefetch("speakers", queryset=Speaker.objects.order_by("name"))
    )


def my_calendar_sections(edition: ForumEdition, user: User) -> QuerySet[Section]:
    """Sections where the user holds a seat, with a forum seat too (a waitlisted person has nothing to attend)."""
    return calendar_sections(edition).filter(
        section_registrations__registration__user=user,
        section_registrations__registration__status__in=Registration.SEAT_STATUSES,
        section_registrations__status="confirmed",
    )


def checkin_registrations(edition: ForumEdition, query: str = "") -> QuerySet[Registration]:
    """Registrations at the door: by code (with or without the dash), name or organisation."""
    registrations = (
        Registration.objects.filter(edition=edition, status__in=Registration.ACTIVE_STATUSES)
        .prefetch_related(_places(SectionRegistration.objects.filter(status="confirmed")))
        .order_by("full_name", "id")
    )
    query = (query or "").strip()
    if query:
        condition = Q(full_name__icontains=query) | Q(organisation__icontains=query)
        code = normalise_checkin_code(query)
        if len(code) >= 4:
            condition |= Q(checkin_code__startswith=code)
        registrations = registrations.filter(condition)
    return registrations


def checkin_totals(edition: ForumEdition) -> dict[str, int]:
    return Registration.objects.filter(edition=edition).aggregate(
        confirmed=Count("id", filter=Q(status="confirmed")),
        attended=Count("id", filter=Q(status="attended")),
        waitlisted=Count("id", filter=Q(status="waitlisted")),
    )


def resolution_context(edition: ForumEdition, user: User) -> dict[str, Any]:
    if not has_resolution(edition):
        raise Http404
    resolution: Resolution = edition.resolution
    items = resolution_items(resolution)
    # Only public initiatives: a draft linked by staff must not leak through the resolution page.
    # Read on every request (initiatives change all the time and bump nothing of the forum's).
    public = Initiative.objects.public().order_by("title")
    prefetch_related_objects(items, Prefetch("initiatives", queryset=public, to_attr="public_initiatives"))
    if permissions.is_forum_staff(user):
        reportable = {item.pk for item in items}
    else:
        council_ids = permissions.reporting_council_ids(user)
        reportable = {
            item.pk for item in items if any(c.pk in council_ids for c in item.responsible_councils.all())
        }
    for item in items:
        item.can_report = item.pk in reportable
    status_totals = dict.fromkeys(ResolutionItem.Status.values, 0)
    for item in items:
        status_totals[item.status] += 1
    return {
        "edition": edition,
        "resolution": resolution,
        "items": items,
        "decisions": [i for i in items if i.kind == ResolutionItem.Kind.DECISION],
        "recommendations": [i for i in items if i.kind == ResolutionItem.Kind.RECOMMENDATION],
        "overall_progress": overall_progress(items),
        "status_totals": [(ResolutionItem.Status(s).label, n) for s, n in status_totals.items() if n],
    }


def resolution_items(resolution: Resolution) -> list[ResolutionItem]:
    """The items with their councils and reports: the same for everybody, so cached until the
    forum's resolution data (`RESOLUTION_GENERATION`) or the council registry changes."""

    def load() -> list[ResolutionItem]:
        return list(
            resolution.items.order_by("number")
            .select_related("next_edition")
            .prefetch_related(
                "responsible_councils",
                Prefetch(
                    "reports", queryset=ProgressReport.objects.select_related("author").order_by("-reported_on", "-id")
                ),
            )
        )

    return cached_data(f"resolution-items:{resolution.pk}", [RESOLUTION_GENERATION, "councils"], load)


def resolution_item(year: int, pk: int) -> ResolutionItem:
    return get_object_or_404(
        ResolutionItem.objects.select_related("resolution__edition"), pk=pk, resolution__edition__year=year
    )


def topics(edition: ForumEdition, user: User) -> QuerySet[Topic]:
    # Declined and hidden topics leave the public list.
    queryset = (
        edition.topics.filter(status__in=Topic.PUBLIC_STATUSES).select_related("author", "section")
        .order_by("-support_count", "created_at", "id")
    )
    if user.is_authenticated:
        queryset = queryset.annotate(
            supported_by_me=Exists(TopicSupport.objects.filter(topic=OuterRef("pk"), user=user))
        )
    return queryset
