"""The forum's part of a person's data export and of account deletion (152-FZ)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter

from .models import ForumEdition, Registration


@register_exporter("forum_registrations")
def export_registrations(user: User) -> list[dict[str, Any]]:
    return [
        {
            "year": r.edition.year,
            "full_name": r.full_name,
            "organisation": r.organisation,
            "participant_type": r.get_participant_type_display(),
            "status": r.get_status_display(),
            "checkin_code": r.display_code,
            "sections": [p.section.title for p in r.section_registrations.all()],
            "registered_at": r.created_at.isoformat(),
            "consent_given_at": r.consent_given_at.isoformat() if r.consent_given_at else None,
        }
        for r in Registration.objects.filter(user=user)
        .select_related("edition")
        .prefetch_related("section_registrations__section")
    ]


@register_eraser
def erase_registrations(user: User) -> None:
    """Give up seats at forums still to come (the waitlist moves up), then blank the name everywhere.

    The registration rows stay, unnamed, so attendance figures of past forums do not change.
    """
    from .services import registration_cancel

    upcoming = Registration.objects.filter(
        user=user, status__in=[Registration.Status.CONFIRMED, Registration.Status.WAITLISTED]
    ).exclude(edition__status__in=ForumEdition.AFTER_FORUM_STATUSES)
    for registration in upcoming:
        registration_cancel(registration, actor=user)
    Registration.objects.filter(user=user).update(full_name="", organisation="")
