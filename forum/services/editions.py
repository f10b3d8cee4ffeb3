"""Editions: their status (through these services only) and next year's copy."""

from __future__ import annotations

import datetime as dt
import logging

from django.conf import settings
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from accounts.models import User
from core.translated import translations

from .. import permissions
from ..models import (
    ForumEdition,
    Registration,
    Section,
    SectionRegistration,
)
from .errors import EditionExists, NotAllowed, WrongStatus

logger = logging.getLogger(__name__)

R = Registration.Status
SR = SectionRegistration.Status

# A collision among 32⁸ codes is practically impossible; a few retries make it impossible in practice too.
_CODE_ATTEMPTS = 5


def _next_year(moment: dt.datetime) -> dt.datetime:
    """The same local wall-clock time a year later (29 February becomes 28 February)."""
    local = timezone.localtime(moment)
    try:
        return local.replace(year=local.year + 1)
    except ValueError:
        return local.replace(year=local.year + 1, day=28)


def edition_copy_to_next_year(edition: ForumEdition) -> ForumEdition:
    """Next year's forum from this one's structure: sections shifted by a year; no people, no registrations.

    Speakers and moderators are not copied: they change from year to year and a
    copied name would announce someone who has not agreed to speak.
    """
    year = edition.year + 1
    if ForumEdition.objects.filter(year=year).exists():
        raise EditionExists(_("Форум %(year)s года уже существует.") % {"year": year})
    try:
        # Titles in every language (core.translated): `title=edition.title` would copy only the
        # language of the staff member's request, into that language's column. The default
        # language is active because bulk_create writes the original column in the active one.
        with transaction.atomic(), translation.override(settings.LANGUAGE_CODE):
            copy = ForumEdition.objects.create(
                year=year, **translations(edition, "title"), starts_at=_next_year(edition.starts_at),
                ends_at=_next_year(edition.ends_at), venue=edition.venue, address=edition.address,
                description=edition.description, capacity=edition.capacity, status=ForumEdition.Status.ANNOUNCED,
            )
            Section.objects.bulk_create(
                Section(
                    edition=copy, **translations(section, "title"), description=section.description, room=section.room,
                    capacity=section.capacity, starts_at=_next_year(section.starts_at),
                    ends_at=_next_year(section.ends_at),
                )
                for section in edition.sections.order_by("starts_at", "id")
            )
    except IntegrityError:
        # Someone created the year between the check and the insert.
        raise EditionExists(_("Форум %(year)s года уже существует.") % {"year": year}) from None
    return copy


# Status -------------------------------------------------------------------------------------------

E = ForumEdition.Status
# The edition's status diagram, written once: name → (statuses it may start from, status it leads to).
EDITION_TRANSITIONS: dict[str, tuple[frozenset[str], str]] = {
    "open_registration": (frozenset({E.ANNOUNCED, E.REGISTRATION_CLOSED}), E.REGISTRATION_OPEN),
    "close_registration": (frozenset({E.REGISTRATION_OPEN}), E.REGISTRATION_CLOSED),
    "mark_held": (frozenset({E.REGISTRATION_OPEN, E.REGISTRATION_CLOSED}), E.HELD),
    "archive": (frozenset({E.HELD}), E.ARCHIVED),
}


def _edition_transition(edition: ForumEdition, name: str, *, actor: User) -> ForumEdition:
    allowed_from, to = EDITION_TRANSITIONS[name]
    with transaction.atomic():
        locked = ForumEdition.objects.select_for_update().get(pk=edition.pk)
        if not permissions.is_forum_staff(actor):
            raise NotAllowed(_("Статус форума меняют модераторы и администраторы."))
        if locked.status not in allowed_from:
            raise WrongStatus(
                _("Действие недоступно: форум сейчас в статусе «%(status)s».") % {"status": locked.get_status_display()}
            )
        from_status = locked.status
        locked.status = to
        locked.save(update_fields=["status"])
        # The record of the change: who moved which forum from what to what (the admin's history shows it too).
        logger.info("Forum %s: %s → %s by user %s", locked.year, from_status, to, actor.pk)
    edition.status = locked.status
    return edition


def edition_open_registration(edition: ForumEdition, *, actor: User) -> ForumEdition:
    """Announced (or closed again) → registration open."""
    return _edition_transition(edition, "open_registration", actor=actor)


def edition_close_registration(edition: ForumEdition, *, actor: User) -> ForumEdition:
    return _edition_transition(edition, "close_registration", actor=actor)


def edition_mark_held(edition: ForumEdition, *, actor: User) -> ForumEdition:
    """The forum took place: materials and the resolution belong to it from now on."""
    return _edition_transition(edition, "mark_held", actor=actor)


def edition_archive(edition: ForumEdition, *, actor: User) -> ForumEdition:
    return _edition_transition(edition, "archive", actor=actor)
