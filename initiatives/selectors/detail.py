"""Reads for an initiative's page: its rows, timeline, discussion threads and group, in a
fixed number of queries however many comments, photos or status changes it has."""

from __future__ import annotations

import dataclasses
import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.db.models import (
    Count,
    Exists,
    OuterRef,
    Prefetch,
    Q,
    QuerySet,
    prefetch_related_objects,
)
from django.utils.translation import gettext as _

from core.sections_cache import cached_data

from .. import extensions
from ..models import (
    CoauthorInvitation,
    Comment,
    Follow,
    Initiative,
    InitiativePhoto,
    ProgressUpdate,
    StatusChange,
    Support,
)

if TYPE_CHECKING:
    from accounts.models import User


# Status changes made by the initiative group itself; every other change by a person
# is a moderator's (publish, revision, reject, forward, accept, start, implemented).
_GROUP_TRANSITIONS = frozenset({Initiative.Status.MODERATION, Initiative.Status.WITHDRAWN})


# Detail -----------------------------------------------------------------------------------


def initiative_detail_queryset(user: User) -> QuerySet[Initiative]:
    """One initiative with everything its page shows, in a fixed number of queries.

    Visibility is decided by the caller with `permissions.can_view` on the fetched row;
    the queryset itself does not filter, so the view can answer 404 in one place. The
    gallery, timeline, answers, reports and group come from `attach_detail_rows`.
    """
    queryset = (
        # No joins: the names (category, place, author…) are shown only in the page's shared
        # blocks, cached as HTML (initiatives.detail_blocks); `with_related_rows` reads them on
        # a miss. Planning the six joins cost more than running the query.
        # The discussion's counts come from the cache with the page's parts (detail_blocks.PageParts).
        Initiative.objects.all()
        # The tsvector is for search only; on a long initiative it is the row's biggest column.
        .defer("search_vector")
    )
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


def comment_counts(initiative_id: int) -> tuple[int, int]:
    """Every comment and the top-level ones (threads) of an initiative, in one query."""
    totals = Comment.objects.filter(initiative_id=initiative_id).aggregate(
        total=Count("pk"), threads=Count("pk", filter=Q(parent__isnull=True))
    )
    return totals["total"], totals["threads"]


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


DETAIL_RELATED = ("category", "national_project", "district", "microdistrict", "tos", "author")


def with_related_rows(initiative: Initiative) -> Initiative:
    """Read the rows the page's names come from (category, place, author…) in one query, onto ``initiative``."""
    missing = [name for name in DETAIL_RELATED if not Initiative._meta.get_field(name).is_cached(initiative)]
    if missing:
        full = Initiative.objects.select_related(*missing).defer("search_vector").get(pk=initiative.pk)
        for name in missing:
            setattr(initiative, name, getattr(full, name))
    return initiative


def shared_detail_context(initiative: Initiative, extra_timeline: list[TimelineEntry] | None = None) -> dict[str, Any]:
    """What every reader of the page sees alike (initiatives.detail_blocks caches its HTML)."""
    with_related_rows(initiative)
    if not hasattr(initiative, "gallery"):
        attach_detail_rows(initiative)
    coauthors = [inv.user for inv in initiative.accepted_invitations if inv.user_id]
    group_names = {initiative.author_id: initiative.author.public_name}
    group_names.update({coauthor.pk: coauthor.public_name for coauthor in coauthors})
    if extra_timeline is None:
        extra_timeline = extensions.extra_timeline(initiative)
    return {
        "initiative": initiative,
        "gallery": initiative.gallery,
        "timeline": sorted(
            build_timeline(initiative.timeline, group_names) + list(extra_timeline),
            key=lambda entry: entry.created_at,
        ),
        "responses": initiative.responses,
        "updates": initiative.updates,
        "group": [GroupMember(initiative.author.public_name, True)]
        + [GroupMember(coauthor.public_name, False) for coauthor in coauthors],
        "member_ids": sorted(group_names),
        # Withdrawn after publication stays public (see permissions.can_view); everything else
        # outside PUBLIC_STATUSES is seen only by the group and moderators.
        "is_publicly_visible": initiative.is_visible_to_anyone,
        "needs": needs_labels(initiative),
    }


def reader_context(initiative: Initiative, user: User, member_ids: Iterable[int]) -> dict[str, Any]:
    """What depends on the reader: their place in the group, their support and following."""
    user_id = user.pk if user.is_authenticated else None
    return {
        "initiative": initiative,
        "is_publicly_visible": initiative.is_visible_to_anyone,
        "is_author": user_id is not None and user_id == initiative.author_id,
        "is_group_member": user_id is not None and user_id in set(member_ids),
        "user_supports": bool(getattr(initiative, "user_supports", False)),
        "user_follows": bool(getattr(initiative, "user_follows", False)),
        # The threads themselves come a page at a time: initiatives.comment_pages.thread_page.
        "comment_total": getattr(initiative, "comment_total", 0),
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


