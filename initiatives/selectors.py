"""Reads for the public initiative pages: list, map, detail.

Every page is fetched with a fixed number of queries — select_related for single
relations, subqueries or Prefetch for many — so a page costs the same with 5
initiatives (or comments, or photos) as with 500. Views pick a selector and render;
nothing here changes state (that is `initiatives.services`).
"""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import (
    Case,
    Count,
    Exists,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    Prefetch,
    QuerySet,
    Subquery,
    Value,
    When,
    prefetch_related_objects,
)
from django.db.models.functions import Coalesce
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.search import substring_search
from core.sections_cache import cached_data
from councils.models import Microdistrict

from . import extensions
from .cards import attach_card_html
from .models import (
    CoauthorInvitation,
    Comment,
    Follow,
    Initiative,
    InitiativePhoto,
    ProgressUpdate,
    StatusChange,
    Support,
)
from .storage import initiative_file_storage

if TYPE_CHECKING:
    from accounts.models import User

PAGE_SIZE = 20
# The map draws at most this many points; a city of 668 thousand will not have more
# public initiatives with coordinates at once, and the cap keeps one response small.
MAP_FEATURE_LIMIT = 2000
# Search words beyond this only lengthen the SQL of the SQLite fallback.
_MAX_SEARCH_WORDS = 6

SORT_NEWEST = "newest"
SORT_SUPPORTED = "supported"
SORT_CLOSEST = "closest"
SEARCH_RANK = "search_rank"
# A search shows (and ranks) at most this many matches, the newest: ten pages.
SEARCH_CANDIDATES = 200
_NEWEST = (F("published_at").desc(nulls_last=True), "-pk")

# Status changes made by the initiative group itself; every other change by a person
# is a moderator's (publish, revision, reject, forward, accept, start, implemented).
_GROUP_TRANSITIONS = frozenset({Initiative.Status.MODERATION, Initiative.Status.WITHDRAWN})


# List and map ----------------------------------------------------------------------------


def public_initiatives() -> QuerySet[Initiative]:
    """Everything the public list and map may show: public statuses only.

    Drafts and the moderation loop never appear here, not even to staff or authors:
    they reach their own initiatives from their cabinet, not from the public catalogue.
    """
    return Initiative.objects.public()


def search(queryset: QuerySet[Initiative], text: str) -> QuerySet[Initiative]:
    return bounded_search(queryset, text)[0]


def bounded_search(queryset: QuerySet[Initiative], text: str) -> tuple[QuerySet[Initiative], bool]:
    """Full-text search over the newest SEARCH_CANDIDATES matches; True when there were more.

    On PostgreSQL the `search_vector` column (kept by a trigger, GIN-indexed) is matched
    with a websearch query — quotes, «или» and minus work as residents expect from
    search engines, and malformed input never raises; elsewhere, substrings. Ranking
    every match of a common word (18 thousand of 100 thousand at city scale) meant
    reading every match's tsvector: over 100 ms. Instead the newest matches are taken
    along the newest-first index (one query, a bounded number of rows), and only they
    are ranked, so the list can put the best of them first.
    """
    text = text.strip()
    if not text:
        return queryset, False
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(text, config="russian", search_type="websearch")
        matches = queryset.filter(search_vector=query)
    else:
        query = None
        matches = queryset.filter(substring_search(("title", "summary", "address"), text, max_words=_MAX_SEARCH_WORDS))
    ids = list(matches.order_by(*_NEWEST).values_list("pk", flat=True)[: SEARCH_CANDIDATES + 1])
    bounded = queryset.filter(pk__in=ids[:SEARCH_CANDIDATES])
    if query is not None:
        bounded = bounded.annotate(**{SEARCH_RANK: SearchRank(F("search_vector"), query)})
    return bounded, len(ids) > SEARCH_CANDIDATES


def order(queryset: QuerySet[Initiative], sort: str) -> QuerySet[Initiative]:
    """Apply an allow-listed sort; no sort means best matches first when searching, else newest.

    Every ordering ends with the primary key so that pages never repeat or skip a row
    when many initiatives share a count or a date.
    """
    newest = (F("published_at").desc(nulls_last=True), "-pk")
    if sort == SORT_SUPPORTED:
        return queryset.order_by("-support_count", *newest)
    if sort == SORT_CLOSEST:
        # Collecting initiatives first (only they can still reach the threshold), then
        # the fewest supports missing; the rest keep their newest-first order.
        collecting_first = Case(
            When(status=Initiative.Status.PUBLISHED, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        missing = ExpressionWrapper(F("support_threshold") - F("support_count"), output_field=IntegerField())
        return queryset.annotate(collecting_first=collecting_first, supports_missing_db=missing).order_by(
            "collecting_first", F("supports_missing_db").asc(nulls_last=True), *newest
        )
    if sort != SORT_NEWEST and SEARCH_RANK in queryset.query.annotations:
        return queryset.order_by(f"-{SEARCH_RANK}", *newest)
    return queryset.order_by(*newest)


def with_card_data(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """What a list card shows, in the same single query as the page of initiatives.

    The thumbnail is the first gallery photo's file name from a correlated subquery:
    a prefetch would load every photo of every initiative on the page to show one.
    """
    first_thumbnail = (
        InitiativePhoto.objects.filter(initiative=OuterRef("pk"), kind=InitiativePhoto.Kind.GALLERY)
        .order_by("position", "id")
        .values("thumbnail")[:1]
    )
    return (
        queryset.select_related("category", "district", "microdistrict")
        # Long texts (and the tsvector on PostgreSQL) are not on a card: 20 rows need not carry them.
        .defer("description", "resources_description", "best_practice_summary", "search_vector")
        .annotate(thumbnail_name=Subquery(first_thumbnail))
    )


def attach_thumbnail_urls(initiatives: Iterable[Initiative]) -> list[Initiative]:
    """Turn the annotated thumbnail file names into URLs (no queries: the storage builds them)."""
    rows = list(initiatives)
    for initiative in rows:
        name = getattr(initiative, "thumbnail_name", None)
        initiative.thumbnail_url = initiative_file_storage.url(name) if name else ""
    return rows


def map_features(queryset: QuerySet[Initiative], limit: int | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the filtered public initiatives that have coordinates.

    One query whatever the number of points: only the columns a marker needs are read.
    One row beyond the cap is fetched to tell the page that the set was truncated.
    """
    limit = limit or MAP_FEATURE_LIMIT
    rows = list(
        queryset.filter(latitude__isnull=False, longitude__isnull=False).values(
            "pk", "title", "status", "support_count", "support_threshold", "latitude", "longitude"
        )[: limit + 1]
    )
    truncated = len(rows) > limit
    labels = dict(Initiative.Status.choices)
    features = [
        {
            "type": "Feature",
            # GeoJSON order is longitude, latitude.
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": {
                "id": row["pk"],
                "title": row["title"],
                "status": row["status"],
                "status_label": str(labels.get(row["status"], row["status"])),
                "support_count": row["support_count"],
                "support_threshold": row["support_threshold"],
                "url": reverse("initiatives:detail", args=[row["pk"]]),
            },
        }
        for row in rows[:limit]
    ]
    return {"type": "FeatureCollection", "features": features, "truncated": truncated}


def microdistrict_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Microdistricts grouped by district, for a <select> with <optgroup>s (one query)."""
    rows = Microdistrict.objects.order_by("district__sort_order", "district__name", "number", "name").values_list(
        "district__name", "slug", "name"
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for district_name, slug, name in rows:
        groups.setdefault(district_name, []).append((slug, name))
    return list(groups.items())


# Detail ----------------------------------------------------------------------------------


def initiative_detail_queryset(user: User) -> QuerySet[Initiative]:
    """One initiative with everything its page shows, in a fixed number of queries.

    Visibility is decided by the caller with `permissions.can_view` on the fetched row;
    the queryset itself does not filter, so the view can answer 404 in one place. The
    gallery, timeline, answers, reports and group come from `attach_detail_rows`.
    """
    queryset = Initiative.objects.select_related(
        "category", "national_project", "district", "microdistrict", "tos", "author"
    ).annotate(**comment_count_annotations())
    if user.is_authenticated:
        # Two EXISTS in the main query instead of two more round trips.
        queryset = queryset.annotate(
            user_supports=Exists(Support.objects.filter(initiative=OuterRef("pk"), user=user)),
            user_follows=Exists(Follow.objects.filter(initiative=OuterRef("pk"), user=user)),
        )
    return queryset


DETAIL_ROWS = ("gallery", "timeline", "responses", "updates", "accepted_invitations")


def _detail_prefetches() -> list[Prefetch]:
    return [
        Prefetch(
            "photos",
            queryset=InitiativePhoto.objects.filter(kind=InitiativePhoto.Kind.GALLERY).order_by("position", "id"),
            to_attr="gallery",
        ),
        Prefetch("status_changes", queryset=StatusChange.objects.order_by("created_at", "id"), to_attr="timeline"),
        Prefetch("official_responses", to_attr="responses"),
        Prefetch(
            "progress_updates",
            queryset=ProgressUpdate.objects.select_related("photo_before", "photo_after").order_by("created_at", "id"),
            to_attr="updates",
        ),
        Prefetch(
            "invitations",
            queryset=CoauthorInvitation.objects.filter(status=CoauthorInvitation.Status.ACCEPTED)
            .select_related("user")
            .order_by("answered_at", "id"),
            to_attr="accepted_invitations",
        ),
    ]


def detail_rows_generation(initiative_id: int) -> str:
    return f"initiative-detail-{initiative_id}"


def attach_detail_rows(initiative: Initiative) -> None:
    """Gallery, timeline, official answers, progress reports and co-authors of the page.

    The same for every reader, so the rows are cached under the initiative's `updated_at`
    and its own generation, bumped whenever one of those rows is saved or deleted
    (initiatives.apps); five queries per request become one cache read. What depends on
    the reader (supports, follows, rights) stays in the initiative's own query.
    """

    def load() -> dict[str, list[Any]]:
        prefetch_related_objects([initiative], *_detail_prefetches())
        rows = {name: getattr(initiative, name) for name in DETAIL_ROWS}
        for row in (row for values in rows.values() for row in values):
            # Not pickled along: the initiative (with this reader's annotations) is the caller's.
            row._state.fields_cache.pop("initiative", None)
        return rows

    updated = initiative.updated_at.timestamp() if initiative.updated_at else ""
    rows = cached_data(f"initiative-detail:{initiative.pk}:{updated}", [detail_rows_generation(initiative.pk)], load)
    for name, values in rows.items():
        setattr(initiative, name, values)


def _count(queryset: QuerySet[Comment]) -> Coalesce:
    counted = queryset.order_by().values("initiative").annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)


def comment_count_annotations() -> dict[str, Coalesce]:
    """`comment_total` (every comment) and `thread_total` (top-level ones), read with the initiative's row."""
    comments = Comment.objects.filter(initiative=OuterRef("pk"))
    return {"comment_total": _count(comments), "thread_total": _count(comments.filter(parent__isnull=True))}


@dataclasses.dataclass
class TimelineEntry:
    status_label: str
    created_at: dt.datetime
    reason: str
    # Role-neutral: «система», «модератор» or a group member's public name — never a login or e-mail.
    actor_label: str


@dataclasses.dataclass
class CommentThread:
    comment: Comment
    replies: list[Comment]


@dataclasses.dataclass
class GroupMember:
    public_name: str
    is_author: bool


def detail_context(initiative: Initiative, user: User, now: dt.datetime | None = None) -> dict[str, Any]:
    """Everything the detail page shows, from the initiative's row and `attach_detail_rows`."""
    if not hasattr(initiative, "gallery"):
        attach_detail_rows(initiative)
    now = now or timezone.now()
    coauthors = [inv.user for inv in initiative.accepted_invitations if inv.user_id]
    group_names = {initiative.author_id: initiative.author.public_name}
    group_names.update({coauthor.pk: coauthor.public_name for coauthor in coauthors})
    user_id = user.pk if user.is_authenticated else None
    return {
        "initiative": initiative,
        "gallery": initiative.gallery,
        "timeline": sorted(
            build_timeline(initiative.timeline, group_names) + extensions.extra_timeline(initiative),
            key=lambda entry: entry.created_at,
        ),
        "responses": initiative.responses,
        "updates": initiative.updates,
        "group": [GroupMember(initiative.author.public_name, True)]
        + [GroupMember(coauthor.public_name, False) for coauthor in coauthors],
        # Withdrawn after publication stays public (see permissions.can_view); everything else
        # outside PUBLIC_STATUSES is seen only by the group and moderators.
        "is_publicly_visible": initiative.is_visible_to_anyone,
        "is_author": user_id is not None and user_id == initiative.author_id,
        "is_group_member": user_id is not None and user_id in group_names,
        "user_supports": bool(getattr(initiative, "user_supports", False)),
        "user_follows": bool(getattr(initiative, "user_follows", False)),
        # The threads themselves come a page at a time: initiatives.comment_pages.thread_page.
        "comment_total": initiative.comment_total,
        "needs": needs_labels(initiative),
    }


def build_timeline(changes: Iterable[StatusChange], group_names: dict[int, str]) -> list[TimelineEntry]:
    labels = dict(Initiative.Status.choices)
    entries = []
    for change in changes:
        if change.actor_id is None:
            actor_label = _("система")
        elif change.to_status in _GROUP_TRANSITIONS:
            # A former co-author is no longer in the group; they still acted for it.
            actor_label = group_names.get(change.actor_id) or _("инициативная группа")
        else:
            actor_label = _("модератор")
        entries.append(
            TimelineEntry(
                status_label=str(labels.get(change.to_status, change.to_status)),
                created_at=change.created_at,
                reason=change.reason,
                actor_label=str(actor_label),
            )
        )
    return entries


def build_threads(comments: Iterable[Comment], user: User, now: dt.datetime) -> list[CommentThread]:
    """Top-level comments with their replies, one level deep.

    Replies are attached to the top of their chain, so even a reply to a reply written
    before the one-level rule (or by a direct insert) lands in its thread.
    """
    comments = list(comments)
    by_id = {comment.pk: comment for comment in comments}
    threads: dict[int, CommentThread] = {}
    ordered: list[CommentThread] = []
    for comment in comments:
        comment.can_edit = not comment.is_hidden and comment.editable_by(user, now)
        comment.can_report = user.is_authenticated and comment.author_id != user.pk and not comment.is_hidden
        if comment.parent_id is None:
            thread = CommentThread(comment, [])
            threads[comment.pk] = thread
            ordered.append(thread)
    for comment in comments:
        if comment.parent_id is None:
            continue
        root = comment
        seen: set[int] = set()
        while root.parent_id is not None and root.parent_id in by_id and root.pk not in seen:
            seen.add(root.pk)
            root = by_id[root.parent_id]
        if root.pk in threads:
            threads[root.pk].replies.append(comment)
    return ordered


def needs_labels(initiative: Initiative) -> list[str]:
    flags = [
        (initiative.needs_money, _("деньги")),
        (initiative.needs_volunteers, _("волонтёры")),
        (initiative.needs_materials, _("материалы")),
        (initiative.needs_expertise, _("экспертиза")),
    ]
    return [str(label) for needed, label in flags if needed]


HOME_INITIATIVES = 3


def home_initiatives() -> dict[str, Any]:
    """The home page's local life: a few initiatives collecting support now (core.home registry)."""
    collecting = public_initiatives().filter(status=Initiative.Status.PUBLISHED)
    # Cards from the fragment cache, as in the catalogue (initiatives.cards).
    rows = attach_thumbnail_urls(order(with_card_data(collecting), "")[:HOME_INITIATIVES])
    return {"current_initiatives": attach_card_html(rows)}
