"""The forum's part of notification letters, rendered at delivery from the ids in the event's payload.

The notifications outbox renders templates/emails/<kind>.txt inside the
recipient's language; those templates call `forum_letter`, which reads the
recipient's registration as it is at that moment (code, venue, sections) and
renders templates/forum/email/<letter>.txt without a greeting: the outbox's
layout adds «Здравствуйте, …» and the footer.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django import template
from django.template.loader import render_to_string
from django.urls import reverse

from notifications.emails import absolute

from ..models import ForumEdition, Registration, Section

register = template.Library()

# Which text each notice gets; «confirmed» and «waitlisted» share one letter, as before.
_LETTERS = {
    "confirmed": "forum/email/registration.txt",
    "waitlisted": "forum/email/registration.txt",
    "promoted": "forum/email/promoted.txt",
    "section_promoted": "forum/email/section_promoted.txt",
    "reminder": "forum/email/reminder.txt",
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


@register.simple_tag(takes_context=True)
def forum_letter(context: template.Context, letter: str) -> str:
    """The text of one forum letter for the notification being rendered, in the active language."""
    payload: dict[str, Any] = context["payload"]
    registration = _registration(payload, context.get("recipient"))
    edition = registration.edition if registration else ForumEdition.objects.filter(pk=payload["edition_id"]).first()
    if edition is None:
        # Editions are protected while they have registrations; this only guards a hand-made payload.
        return ""
    places = (
        registration.section_registrations.select_related("section").order_by("section__starts_at")
        if registration else []
    )
    section_id = payload.get("section_id")
    letter_context = {
        "notice": letter,
        "registration": registration,
        "edition": edition,
        "places": places,
        "section": Section.objects.filter(pk=section_id).first() if section_id else None,
        "edition_url": absolute(edition.get_absolute_url()),
        "my_url": absolute(reverse("forum:my_registrations")),
        "ics_url": absolute(reverse("forum:my_ics", args=[edition.year])),
    }
    return render_to_string(_LETTERS[letter], letter_context).strip()


@register.filter
def isodate(value: str) -> dt.date | str:
    """A date kept in a payload as ISO text, back as a date so `|date` formats it in the active language."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@register.filter
def absolute_url(path: str) -> str:
    """A portal path as a full link, for letters read outside the site."""
    return absolute(path)
