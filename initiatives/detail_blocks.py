"""The initiative page's shared parts, rendered once and kept in the fragment cache.

Most of an initiative's page is the same for every reader in one language: the header
and facts, gallery, description, place, needs, official answers, progress reports, the
timeline and the group. Rendering them (≈ 1,200 template nodes) was most of the page's
time for a logged-in resident, who gets no whole-page cache. They are cached as HTML
under a key made of everything they show: the initiative's `updated_at` and status, the
generation of its rows (initiatives.selectors.attach_detail_rows; also moved by
`person_renamed`), the names' generations (categories, districts: catalogue_cache.REFERENCE
and the councils'), and the entries apps above add to the timeline (partners). What is the
reader's — the support panel, partners' panels, forms — is rendered per request around them.

The discussion's page of threads is cached too, for visitors and for residents without a
comment of their own on that page (their page shows «Изменить» or no «Пожаловаться»),
and so are its counts, under the discussion's generation, bumped after the commit of any
comment change.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.core.cache import caches
from django.db import transaction
from django.template.loader import render_to_string
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language

from core.maps import map_settings
from core.sections_cache import bump_generation, generations

from .catalogue_cache import REFERENCE
from .selectors import comment_counts, detail_rows_generation

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Initiative

BLOCK_TEMPLATES = {
    "head": "initiatives/includes/detail_head.html",
    "main": "initiatives/includes/detail_main.html",
    "timeline": "initiatives/includes/detail_timeline.html",
    "group": "initiatives/includes/detail_group.html",
}
# Only bounds memory: the keys hold everything the blocks show.
BLOCKS_SECONDS = 600
_SHARED = ("initiative", "gallery", "needs", "responses", "updates", "timeline", "group",
           "is_publicly_visible", "national_project_url")


def comments_generation(initiative_id: int) -> str:
    return f"initiative-comments-{initiative_id}"


def comments_changed(initiative_id: int) -> None:
    """Forget the cached pages of this discussion once the transaction commits."""
    transaction.on_commit(lambda: bump_generation(comments_generation(initiative_id)))


def _digest(*parts: Any) -> str:
    return hashlib.sha256(repr(parts).encode()).hexdigest()


class PageParts:
    """The cached parts of one initiative's page for one request: two round trips to the cache.

    One reads the generations (the initiative's rows, names, councils, discussion); the
    other reads the shared blocks and the page of threads together. The blocks' key holds
    the generation of the rows they are rendered from (gallery, timeline, answers, reports,
    group: bumped by initiatives.apps, and by `person_renamed`), the initiative's version,
    the names' generations, and what apps above add (the partners' timeline entries), so a
    hit needs none of those rows, nor the initiative's related rows (category, place, author).
    """

    def __init__(self, initiative: Initiative, *, extra_timeline: list[Any]) -> None:
        self.initiative = initiative
        self.extra_timeline = extra_timeline
        self.store = caches["fragments"]
        rows, reference, councils, comments = generations(
            detail_rows_generation(initiative.pk), REFERENCE, "councils", comments_generation(initiative.pk)
        )
        updated = initiative.updated_at.isoformat() if initiative.updated_at else ""
        extra = [(e.status_label, e.created_at.isoformat(), e.reason, e.actor_label) for e in extra_timeline]
        language = get_language()
        self.blocks_key = "initiative-blocks:" + _digest(
            # The national project's page (from an app above) follows its row: the names' generation.
            language, initiative.pk, updated, initiative.status, rows, reference, councils, extra,
            initiative.national_project_id,
        )
        self._threads_base = (language, initiative.pk, initiative.status, comments)
        self.counts_key = f"initiative-comment-counts:{initiative.pk}:{comments}"
        self.found: dict[str, Any] = {}

    def threads_key(self, user: User, page: Any) -> str:
        """The key of a page of threads asked for as ``page`` (the query string's value or a number).

        The asked-for value, not the page it is clamped to: within one generation of the
        discussion the same value always lands on the same page. Values that are no page
        number share one key (page 1), as do very long numbers (the last page).
        """
        viewer = "resident" if user.is_authenticated else "visitor"
        text = str(page) if page is not None else ""
        asked = text if text.isdigit() and len(text) <= 6 else ("last" if text.isdigit() else "first")
        return "initiative-threads:" + _digest(*self._threads_base, asked, viewer)

    def fetch(self, *keys: str) -> None:
        self.found = self.store.get_many([key for key in (*keys, self.counts_key) if key])

    def attach_counts(self) -> None:
        """`comment_total` and `thread_total` onto the initiative: cached under the discussion's generation."""
        counts = self.found.get(self.counts_key)
        if counts is None:
            counts = comment_counts(self.initiative.pk)
            self.store.set(self.counts_key, counts, BLOCKS_SECONDS)
        self.initiative.comment_total, self.initiative.thread_total = counts

    def blocks(self, build_context: Callable[[], dict[str, Any]]) -> dict[str, Any]:
        """{"html": {name: HTML}, "member_ids": [...]}: cached, or rendered from ``build_context()``."""
        blocks = self.found.get(self.blocks_key)
        if blocks is None:
            context = build_context()
            # No request: nothing of the reader's can reach the shared HTML.
            shared = {name: context[name] for name in _SHARED if name in context}
            shared.update(map_settings())
            blocks = {
                "html": {name: render_to_string(template, shared) for name, template in BLOCK_TEMPLATES.items()},
                "member_ids": list(context["member_ids"]),
            }
            self.store.set(self.blocks_key, blocks, BLOCKS_SECONDS)
        return {
            "html": {name: mark_safe(html) for name, html in blocks["html"].items()},  # noqa: S308 - our templates
            "member_ids": blocks["member_ids"],
        }

    def threads(self, user: User, page: Any, render: Callable[[], tuple[str, set[int]]]) -> SafeString:
        """A page of threads as HTML: shared when the reader has nothing of their own on it.

        ``render()`` returns the page's HTML for this reader and the ids of the authors on it.
        A cached page is used only if the reader wrote none of its comments; a page rendered
        for a reader who did is never kept.
        """
        key = self.threads_key(user, page)
        found = self.found.get(key)
        if found is not None and (not user.is_authenticated or user.pk not in found["authors"]):
            return mark_safe(found["html"])  # noqa: S308 - our template, autoescaped
        html, authors = render()
        if not user.is_authenticated or user.pk not in authors:
            self.store.set(key, {"html": html, "authors": authors}, BLOCKS_SECONDS)
        return mark_safe(html)  # noqa: S308 - our template, autoescaped


def person_renamed(user_id: int) -> None:
    """A person's public name changed (renamed, or the account deleted): forget the pages that show it.

    Their comments' discussions and the pages where they are in the group or the timeline;
    without this a deleted account's name would stay on cached pages for BLOCKS_SECONDS.
    """
    from .models import CoauthorInvitation, Comment, Initiative, StatusChange

    ids = set(Comment.objects.filter(author_id=user_id).values_list("initiative_id", flat=True).distinct())
    pages = set(Initiative.objects.filter(author_id=user_id).values_list("pk", flat=True))
    pages |= set(CoauthorInvitation.objects.filter(user_id=user_id).values_list("initiative_id", flat=True))
    pages |= set(StatusChange.objects.filter(actor_id=user_id).values_list("initiative_id", flat=True))

    def bump() -> None:
        for initiative_id in ids:
            bump_generation(comments_generation(initiative_id))
        for initiative_id in pages:
            bump_generation(detail_rows_generation(initiative_id))

    transaction.on_commit(bump)


_NAME_FIELDS = ("display_name", "anonymised_at")


def connect_signals() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_delete, post_save, pre_save

    from .models import Comment

    def comment_changed(sender: Any, instance: Comment, **kwargs: Any) -> None:
        comments_changed(instance.initiative_id)

    for signal in (post_save, post_delete):
        signal.connect(comment_changed, sender=Comment, weak=False, dispatch_uid=f"initiative-comments-{signal!r}")

    user_model = get_user_model()

    def user_saving(sender: Any, instance: Any, update_fields: Any = None, raw: bool = False, **kwargs: Any) -> None:
        # A login saves last_login only: no query for that.
        if raw or instance.pk is None or (update_fields is not None and not set(update_fields) & set(_NAME_FIELDS)):
            return
        before = user_model.objects.filter(pk=instance.pk).values(*_NAME_FIELDS).first()
        if before is not None and any(before[name] != getattr(instance, name) for name in _NAME_FIELDS):
            person_renamed(instance.pk)

    pre_save.connect(user_saving, sender=user_model, weak=False, dispatch_uid="initiatives-person-renamed")
