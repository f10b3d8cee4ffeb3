"""What the forum tells the notifications outbox, and who hears the day-before reminder.

The functions below are called inside the forum services' transactions, so an
event exists exactly when the change it describes was committed, and the
outbox delivers it once per recipient however often tasks are retried.

Payloads carry ids and a few short values (the year, the kind of notice), not
rendered text: the letter is rendered at delivery, in the recipient's language,
from the registration as it is then (see forum/letters.py).
What happened — confirmed, waitlisted, promoted — is fixed in `notice`, so a
«waitlisted» letter delivered after a promotion still says what it announced.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.models import User
from core.text import excerpt
from notifications.registry import register_kind
from notifications.services import emit

from .models import ForumEdition, Registration, ResolutionItem, SectionRegistration


class Kind:
    """The forum's notification kinds; letters in templates/forum/emails/."""

    FORUM_REGISTRATION = "forum_registration"
    FORUM_REMINDER = "forum_reminder"
    RESOLUTION_DEADLINE = "resolution_deadline"


def register_kinds() -> None:
    """Called from ForumConfig.ready()."""
    from . import letters

    register_kind(Kind.FORUM_REGISTRATION, _("Регистрация на форум"), app="forum", can_unsubscribe=False,
                  letter_context=letters.registration_letter)
    register_kind(Kind.FORUM_REMINDER, _("Напоминание о форуме"), app="forum",
                  recipients=confirmed_participants, letter_context=letters.reminder_letter)
    register_kind(Kind.RESOLUTION_DEADLINE, _("Срок пункта резолюции через 14 дней"), app="forum")


class Notice:
    """What a FORUM_REGISTRATION event announces; the subject and the letter follow from it."""

    CONFIRMED = "confirmed"
    WAITLISTED = "waitlisted"
    PROMOTED = "promoted"
    SECTION_PROMOTED = "section_promoted"


def _edition(edition: ForumEdition) -> dict[str, Any]:
    return {"edition_id": edition.pk, "year": edition.year, "title": edition.title}


def _emit_to(user_id: int, payload: dict[str, Any], actor: User | None) -> None:
    # The outbox never tells people of their own actions; these events are about
    # the recipient's own place, so a staff member promoted while cancelling
    # someone else's registration must still hear of it.
    if actor is not None and actor.pk == user_id:
        actor = None
    emit(Kind.FORUM_REGISTRATION, payload={**payload, "user_ids": [user_id]}, actor=actor)


def registration_created(registration: Registration) -> None:
    """«Participation confirmed» or «you are on the waitlist», to the person who registered."""
    notice = Notice.WAITLISTED if registration.status == Registration.Status.WAITLISTED else Notice.CONFIRMED
    payload = {
        **_edition(registration.edition), "notice": notice, "registration_id": registration.pk,
        "url": reverse("forum:my_registrations"),
    }
    _emit_to(registration.user_id, payload, actor=None)


def registration_promoted(registration: Registration, *, actor: User | None) -> None:
    """A forum seat freed up and the first person on the waitlist got it."""
    payload = {
        **_edition(registration.edition), "notice": Notice.PROMOTED, "registration_id": registration.pk,
        "url": reverse("forum:my_registrations"),
    }
    _emit_to(registration.user_id, payload, actor=actor)


def section_place_promoted(place: SectionRegistration, *, actor: User | None) -> None:
    """A section seat freed up for someone who already had a place at the forum."""
    registration = place.registration
    payload = {
        **_edition(registration.edition), "notice": Notice.SECTION_PROMOTED, "registration_id": registration.pk,
        "section_id": place.section_id, "url": reverse("forum:my_registrations"),
    }
    _emit_to(registration.user_id, payload, actor=actor)


def reminder(edition: ForumEdition) -> None:
    """One event for the whole forum: the resolver below lists its participants at expansion."""
    payload = {
        **_edition(edition), "starts_on": timezone.localdate(edition.starts_at).isoformat(),
        "url": edition.get_absolute_url(),
    }
    emit(Kind.FORUM_REMINDER, payload=payload)


def resolution_deadline(item: ResolutionItem, *, user_ids: list[int], audience: str) -> None:
    """The deadline is near; `audience` says whether the councils' members or the moderators are told."""
    resolution = item.resolution
    year = resolution.edition.year
    councils = ", ".join(item.responsible_councils.order_by("name").values_list("name", flat=True))
    responsible = "; ".join(part for part in (councils, excerpt(item.responsible_organisations, 300)) if part)
    payload = {
        "item_id": item.pk, "number": item.number, "year": year, "deadline": item.deadline.isoformat(),
        "excerpt": excerpt(item.text), "responsible": responsible, "audience": audience,
        "url": f"{resolution.get_absolute_url()}#item-{item.number}",
        "report_url": reverse("forum:report_add", args=[year, item.pk]),
        "user_ids": user_ids,
    }
    emit(Kind.RESOLUTION_DEADLINE, payload=payload)


def confirmed_participants(payload: dict) -> Iterator[int]:
    """Everyone holding a seat when the event is expanded, read lazily: a forum may have thousands.

    Listing them in the payload instead would put every id into one JSON row and
    remind people who cancelled between the run and the expansion.
    """
    return (
        Registration.objects.filter(edition_id=payload["edition_id"], status=Registration.Status.CONFIRMED)
        .values_list("user_id", flat=True)
        .order_by("id")
        .iterator(chunk_size=2000)
    )
