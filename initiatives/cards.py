"""Catalogue cards rendered once and kept in the fragment cache.

Rendering twenty cards (status badge, category, place, progress bar, days left, all
through gettext) was most of a list page's time for a logged-in resident, who gets no
whole-page cache. A card is the same for everybody who reads it in one language, so
its HTML is cached under a key made of the language and the initiative's *version*:
everything the card shows that can change. The row's `updated_at` moves on every
save; supports are counted with UPDATE … F() and the days left move with the date,
so those are in the version too, as is the thumbnail (another table). What is
specific to the resident (whether they support it) is not in the card: the list
adds it from one small query (`supported_ids_among`, `mark_supported`).

All cards of a page are read with one `get_many` and the missing ones written with one
`set_many`: one round trip to the cache instead of one per card.
"""

from __future__ import annotations

import hashlib
import re
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.core.cache import caches
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.html import format_html
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _

from .catalogue_cache import reference_version
from .models import Initiative, Support

if TYPE_CHECKING:
    from accounts.models import User

CARD_TEMPLATE = "initiatives/includes/card.html"
# Only bounds memory: a card's key holds everything it shows (initiative version, names' generation).
CARD_CACHE_SECONDS = 600


def card_version(initiative: Initiative) -> str:
    updated = initiative.updated_at.timestamp() if initiative.updated_at else ""
    return (
        f"{initiative.pk}:{updated}:{initiative.status}:{initiative.support_count}:"
        f"{getattr(initiative, 'thumbnail_url', '')}:{timezone.localdate().isoformat()}"
    )


def card_key(initiative: Initiative, language: str, reference: str = "") -> str:
    digest = hashlib.sha256(f"{language}:{reference}:{card_version(initiative)}".encode()).hexdigest()
    return f"initiative-card:{digest}"


def attach_card_html(initiatives: Iterable[Initiative]) -> list[Initiative]:
    """Give each initiative `card_html`: from the cache, or rendered and cached."""
    rows = list(initiatives)
    if not rows:
        return rows
    cache = caches["fragments"]
    language = get_language() or ""
    # Category, district and microdistrict names: a rename reaches every card at once.
    reference = reference_version()
    keys = {row.pk: card_key(row, language, reference) for row in rows}
    found = cache.get_many(list(keys.values()))
    rendered: dict[str, str] = {}
    for row in rows:
        html = found.get(keys[row.pk])
        if html is None:
            html = rendered[keys[row.pk]] = render_to_string(CARD_TEMPLATE, {"initiative": row})
        row.card_html = mark_safe(html)  # noqa: S308 - rendered by our own template with autoescaping
    if rendered:
        cache.set_many(rendered, CARD_CACHE_SECONDS)
    return rows


def supported_ids_among(user: User, ids: Iterable[int]) -> set[int]:
    """Which of these initiatives the resident supports: one query over the page's ids (none for a visitor)."""
    ids = list(ids)
    if not ids or not user.is_authenticated:
        return set()
    return set(Support.objects.filter(user=user, initiative_id__in=ids).values_list("initiative_id", flat=True))


_SUPPORTED_MARKER = re.compile(r"<!--supported:(\d+)-->")


def mark_supported(html: str, supported: set[int]) -> SafeString:
    """The shared list HTML with this reader's marks: «Вы поддержали» after their initiatives' cards.

    The cached HTML carries a `<!--supported:pk-->` marker after each card; each becomes the
    mark or nothing, so the page sent carries no markers.
    """
    mark = format_html('<p class="initiative-card-supported">{}</p>', _("Вы поддержали"))

    def replace(match: re.Match[str]) -> str:
        return mark if int(match.group(1)) in supported else ""

    return mark_safe(_SUPPORTED_MARKER.sub(replace, html))  # noqa: S308 - our cached HTML and a format_html mark
