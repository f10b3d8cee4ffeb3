"""Reads for the discussion under an initiative: threads a page at a time.

An initiative with hundreds of comments used to render them all (with a reply and a
report form each): half a megabyte of HTML. Now a page shows THREADS_PER_PAGE
top-level comments with their replies, in three small queries at most, and the
counts come with the initiative's own row (see selectors.initiative_detail_queryset).
Every page is plain HTML: threads stay readable without JavaScript.
"""

from __future__ import annotations

import datetime as dt
import hashlib
from typing import TYPE_CHECKING, Any

from django.core.cache import caches
from django.core.paginator import Page, Paginator
from django.db.models import Q
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import get_language

from .models import Comment, Initiative
from .selectors import CommentThread, build_threads

if TYPE_CHECKING:
    from accounts.models import User

THREADS_PER_PAGE = 20
THREADS_TEMPLATE = "initiatives/includes/detail_threads.html"


class KnownCountPaginator(Paginator):
    """A paginator told its count (read with the initiative's row), so it runs no COUNT of its own."""

    def __init__(self, object_list: Any, per_page: int, *, count: int, **kwargs: Any) -> None:
        super().__init__(object_list, per_page, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def thread_page(
    initiative: Initiative, user: User, number: Any, now: dt.datetime | None = None
) -> tuple[Page, list[CommentThread]]:
    """Page ``number`` of the threads (oldest first), each with its replies.

    Replies are fetched for the page's threads only, in the same query; a reply to a
    reply (old data written around the one-level rule) is still found, one level further down.
    """
    thread_total = getattr(initiative, "thread_total", None)
    roots = Comment.objects.filter(initiative=initiative, parent__isnull=True).order_by("created_at", "id")
    paginator = (
        Paginator(roots, THREADS_PER_PAGE)
        if thread_total is None
        else KnownCountPaginator(roots, THREADS_PER_PAGE, count=thread_total)
    )
    page = paginator.get_page(number)
    if not paginator.count:
        page.object_list = []
        return page, []
    # One query: the page's top-level comments (a sliced subquery) with their replies.
    bottom = (page.number - 1) * THREADS_PER_PAGE
    page_roots = roots.values("pk")[bottom:bottom + THREADS_PER_PAGE]
    comments = list(
        Comment.objects.filter(initiative=initiative)
        .filter(Q(pk__in=page_roots) | Q(parent_id__in=page_roots) | Q(parent__parent_id__in=page_roots))
        .select_related("author")
        .order_by("created_at", "id")
    )
    page.object_list = [comment for comment in comments if comment.parent_id is None]
    return page, build_threads(comments, user, now or timezone.now())


def page_number(initiative: Initiative, number: Any) -> int:
    """The page of threads ``number`` asks for, clamped to the pages there are (no query: the count
    comes with the initiative's row)."""
    thread_total = getattr(initiative, "thread_total", None)
    if thread_total is None:
        thread_total = Comment.objects.filter(initiative=initiative, parent__isnull=True).count()
    return KnownCountPaginator([], THREADS_PER_PAGE, count=thread_total).get_page(number).number


def page_of_comment(initiative: Initiative, comment_pk: int) -> int | None:
    """The page of threads that shows this comment (its thread's page), or None if it is not there."""
    row = (
        Comment.objects.filter(initiative=initiative, pk=comment_pk)
        .values("pk", "parent_id", "parent__parent_id", "parent__created_at", "parent__parent__created_at",
                "created_at")
        .first()
    )
    if row is None:
        return None
    if row["parent__parent_id"]:
        root_id, started = row["parent__parent_id"], row["parent__parent__created_at"]
    elif row["parent_id"]:
        root_id, started = row["parent_id"], row["parent__created_at"]
    else:
        root_id, started = row["pk"], row["created_at"]
    before = (
        Comment.objects.filter(initiative=initiative, parent__isnull=True)
        .filter(Q(created_at__lt=started) | Q(created_at=started, pk__lt=root_id))
        .count()
    )
    return before // THREADS_PER_PAGE + 1


COMMENT_TEMPLATE = "initiatives/includes/comment_content.html"
# A renamed author (display name) reaches cached comments within this time.
COMMENT_CACHE_SECONDS = 600


def _comment_key(comment: Comment, initiative: Initiative, language: str) -> str:
    # Everything the shared part shows: text (edited_at moves on every edit), hiding, the
    # author's public name and whether they wrote the initiative.
    version = (
        f"{language}:{comment.pk}:{comment.edited_at.timestamp() if comment.edited_at else ''}:"
        f"{comment.is_hidden}:{comment.awaiting_moderation}:{comment.author.public_name}:"
        f"{comment.author_id == initiative.author_id}"
    )
    return "initiative-comment:" + hashlib.sha256(version.encode()).hexdigest()


def attach_comment_html(threads: list[CommentThread], initiative: Initiative) -> None:
    """Give each comment on the page `content_html` (author, date, text) from the fragment cache.

    Like the list's cards (initiatives/cards.py): one get_many for the page, one set_many
    for what was missing. What depends on the viewer (edit, report, reply) stays in the
    page's template around it.
    """
    comments = [comment for thread in threads for comment in (thread.comment, *thread.replies)]
    if not comments:
        return
    cache = caches["fragments"]
    language = get_language() or ""
    keys = {comment.pk: _comment_key(comment, initiative, language) for comment in comments}
    found = cache.get_many(list(keys.values()))
    rendered: dict[str, str] = {}
    for comment in comments:
        html = found.get(keys[comment.pk])
        if html is None:
            html = rendered[keys[comment.pk]] = render_to_string(
                COMMENT_TEMPLATE, {"comment": comment, "initiative": initiative, "editing": False}
            )
        comment.content_html = mark_safe(html)  # noqa: S308 - our own template, autoescaped
    if rendered:
        cache.set_many(rendered, COMMENT_CACHE_SECONDS)
