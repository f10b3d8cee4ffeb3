"""CSV list of forum participants for staff (opens in Excel as is).

UTF-8 with a byte-order mark and `;` as the delimiter, as Excel in a Russian
locale expects. Registrations hold personal data (152-FZ: only what the purpose
needs): the list has name, organisation, type, status, sections and code; the
e-mail and phone are added only for administrators, who contact participants.
Cells people typed are neutralised against formula injection.
"""

from __future__ import annotations

import csv
from collections.abc import Iterable, Iterator
from typing import Any

from django.conf import settings
from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from .models import Registration, SectionRegistration

# Excel treats a cell starting with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")
CHUNK_SIZE = 500


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _safe(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


def header(*, with_contacts: bool) -> list[str]:
    columns = [_("ФИО"), _("организация"), _("кого представляет"), _("статус"), _("площадки"), _("код")]
    if with_contacts:
        columns += [_("e-mail"), _("телефон")]
    return columns


def registration_rows(queryset: QuerySet[Registration], *, with_contacts: bool) -> Iterator[list[Any]]:
    places = SectionRegistration.objects.exclude(status="cancelled").select_related("section")
    rows = (
        queryset.select_related(None)
        .prefetch_related(None)
        .select_related("user" if with_contacts else "edition")
        .prefetch_related(Prefetch("section_registrations", queryset=places.order_by("section__starts_at")))
        .order_by("full_name", "id")
    )
    # iterator() with a chunk size keeps prefetching and bounds memory for a big forum.
    for registration in rows.iterator(chunk_size=CHUNK_SIZE):
        sections = "; ".join(
            place.section.title + (f" ({place.get_status_display()})" if place.status != "confirmed" else "")
            for place in registration.section_registrations.all()
        )
        row = [
            _safe(registration.full_name), _safe(registration.organisation),
            registration.get_participant_type_display(), registration.get_status_display(), _safe(sections),
            registration.display_code,
        ]
        if with_contacts:
            row += [_safe(registration.user.email), _safe(registration.user.phone)]
        yield row


def _stream(queryset: QuerySet[Registration], language: str, with_contacts: bool) -> Iterable[str]:
    writer = csv.writer(_Echo(), delimiter=";", quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    # The response is iterated after the view has returned: keep the request's language.
    with translation.override(language):
        yield "\ufeff"
        yield writer.writerow(header(with_contacts=with_contacts))
        for row in registration_rows(queryset, with_contacts=with_contacts):
            yield writer.writerow(row)


def registrations_csv_response(queryset: QuerySet[Registration], *, with_contacts: bool) -> StreamingHttpResponse:
    response = StreamingHttpResponse(
        _stream(queryset, translation.get_language() or settings.LANGUAGE_CODE, with_contacts),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="forum-participants-{timezone.localdate():%Y-%m-%d}.csv"'
    response["Cache-Control"] = "no-store"
    return response
