"""CSV list of forum participants for staff (opens in Excel as is).

UTF-8 with a byte-order mark and `;` as the delimiter, as Excel in a Russian
locale expects. Registrations hold personal data (152-FZ: only what the purpose
needs): the list has name, organisation, type, status, sections and code; the
e-mail and phone are added only for administrators, who contact participants.
Cells people typed are neutralised against formula injection.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.db.models import Prefetch, QuerySet
from django.http import StreamingHttpResponse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.exports import csv_response, safe_cell

from .models import Registration, SectionRegistration

CHUNK_SIZE = 500


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
            safe_cell(registration.full_name), safe_cell(registration.organisation),
            registration.get_participant_type_display(), registration.get_status_display(), safe_cell(sections),
            registration.display_code,
        ]
        if with_contacts:
            row += [safe_cell(registration.user.email), safe_cell(registration.user.phone)]
        yield row


def registrations_csv_response(queryset: QuerySet[Registration], *, with_contacts: bool) -> StreamingHttpResponse:
    return csv_response(
        header=lambda: header(with_contacts=with_contacts),
        rows=lambda: registration_rows(queryset, with_contacts=with_contacts),
        filename=f"forum-participants-{timezone.localdate():%Y-%m-%d}.csv",
    )
