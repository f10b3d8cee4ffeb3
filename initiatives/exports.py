"""CSV export of initiatives for council staff (opens in Excel as is).

UTF-8 with a byte-order mark and `;` as the delimiter, which is what Excel in a
Russian locale expects. Rows are streamed from `.iterator()`, so a city-wide
export does not build the whole file in memory. No personal data: neither the
author's e-mail nor phone, not even the public name — a report needs none.
Cells residents typed are neutralised against formula injection.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import QuerySet
from django.http import StreamingHttpResponse
from django.urls import NoReverseMatch
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from core.exports import csv_response, safe_cell
from core.translated import language_columns

from .models import Initiative, Scope

# Marked for translation here, translated when written, in the staff member's language.
HEADER = (
    "id", gettext_noop("название"), gettext_noop("статус"), gettext_noop("категория"), gettext_noop("район"),
    gettext_noop("микрорайон"), gettext_noop("поддержали"), gettext_noop("порог поддержки"),
    gettext_noop("сбор поддержки до"), gettext_noop("опубликована"), gettext_noop("ссылка"),
)
CHUNK_SIZE = 500


def _date(value: dt.date | dt.datetime | None) -> str:
    if value is None:
        return ""
    if isinstance(value, dt.datetime):
        value = timezone.localtime(value).date()
    return value.strftime("%d.%m.%Y")


def _url_builder() -> Callable[[Initiative], str]:
    base = settings.SITE_URL.rstrip("/")
    broken = False

    def build(initiative: Initiative) -> str:
        nonlocal broken
        if broken:
            return ""
        try:
            return base + initiative.get_absolute_url()
        except NoReverseMatch:
            # The public pages are not wired into the URLconf (yet): leave the cell empty.
            broken = True
            return ""

    return build


def initiative_rows(queryset: QuerySet[Initiative]) -> Iterator[list[Any]]:
    url = _url_builder()
    # select_related(None): drop the changelist's joins (author…) that .only() would conflict with.
    # Category and district names in every language (core.translated): the file is in the staff
    # member's language, and a name read from a column left out would cost a query per row.
    rows = queryset.select_related(None).select_related("category", "district", "microdistrict").only(
        "pk", "title", "status", "scope", "support_count", "support_threshold", "collection_deadline",
        "published_at", "microdistrict__name", *language_columns("category__name", "district__name"),
    )
    for i in rows.iterator(chunk_size=CHUNK_SIZE):
        district = str(i.district) if i.district_id else (_("весь город") if i.scope == Scope.CITY else "")
        yield [
            i.pk, safe_cell(i.title), i.get_status_display(), i.category.name if i.category_id else "",
            district, i.microdistrict.name if i.microdistrict_id else "", i.support_count,
            i.support_threshold if i.support_threshold is not None else "", _date(i.collection_deadline),
            _date(i.published_at), url(i),
        ]


def initiatives_csv_response(queryset: QuerySet[Initiative], *, filename: str | None = None) -> StreamingHttpResponse:
    return csv_response(
        header=lambda: [_(column) for column in HEADER],
        rows=lambda: initiative_rows(queryset),
        filename=filename or f"initiatives-{timezone.localdate():%Y-%m-%d}.csv",
    )
