"""The forum's part of notification letters, read at delivery from the ids in the event's payload.

The outbox renders templates/forum/emails/<kind>.txt in the recipient's language
with the context below added (registered as the kinds' `letter_context`): the
recipient's registration as it is at that moment (code, venue, sections). The
letter itself is templates/forum/emails/<letter>.txt, without a greeting: the
outbox's layout adds «Здравствуйте, …» and the footer.
"""

from __future__ import annotations

from typing import Any

from django.urls import reverse

from notifications.emails import absolute

from .models import ForumEdition, Registration, Section

# Which text each notice gets; «confirmed» and «waitlisted» share one letter.
_LETTERS = {
    "confirmed": "forum/emails/registration.txt",
    "waitlisted": "forum/emails/registration.txt",
    "promoted": "forum/emails/promoted.txt",
    "section_promoted": "forum/emails/section_promoted.txt",
    "reminder": "forum/emails/reminder.txt",
}


def _registration(payload: dict[str, Any], recipient: Any) -> Registration | None:
    # Always narrowed to the recipient: a letter can never show someone else's code.
    if recipient is None:
        return None
    registrations = Registration.objects.select_related("edition").filter(user=recipient)
    if payload.get("registration_id"):
        return registrations.filter(pk=payload["registration_id"]).first()
    return (
        registrations.filter(edition_id=payload["edition_id"])
        .exclude(status=Registration.Status.CANCELLED)
        .first()
    )


def _letter(letter: str, payload: dict[str, Any], recipient: Any) -> dict[str, Any]:
    registration = _registration(payload, recipient)
    edition = registration.edition if registration else ForumEdition.objects.filter(pk=payload["edition_id"]).first()
    if edition is None:
        # Editions are protected while they have registrations; this only guards a hand-made payload.
        return {"letter_template": None}
    places = (
        registration.section_registrations.select_related("section").order_by("section__starts_at")
        if registration else []
    )
    section_id = payload.get("section_id")
    return {
        "letter_template": _LETTERS[letter],
        "notice": letter,
        "registration": registration,
        "edition": edition,
        "places": places,
        "section": Section.objects.filter(pk=section_id).first() if section_id else None,
        "edition_url": absolute(edition.get_absolute_url()),
        "my_url": absolute(reverse("forum:my_registrations")),
        "ics_url": absolute(reverse("forum:my_ics", args=[edition.year])),
    }


def registration_letter(payload: dict[str, Any], recipient: Any) -> dict[str, Any]:
    return _letter(payload.get("notice", "confirmed"), payload, recipient)


def reminder_letter(payload: dict[str, Any], recipient: Any) -> dict[str, Any]:
    return _letter("reminder", payload, recipient)
