"""The forum's part of a person's data export and of account deletion (152-FZ)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter, scrub_admin_log

from .models import ForumEdition, ProgressReport, Registration, Topic, TopicSupport


@register_exporter("forum_registrations", models=["forum.Registration"])
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


@register_exporter("forum_topics", models=["forum.Topic", "forum.TopicSupport"])
def export_topics(user: User) -> dict[str, list[dict[str, Any]]]:
    return {
        "proposed": [
            {"year": t.edition.year, "title": t.title, "description": t.description, "status": t.status,
             "hidden_reason": t.hidden_reason,
             "support_count": t.support_count, "created_at": t.created_at.isoformat()}
            for t in Topic.objects.filter(author=user).select_related("edition")
        ],
        "supported": [
            {"year": s.topic.edition.year, "topic_id": s.topic_id, "title": s.topic.title,
             "created_at": s.created_at.isoformat()}
            for s in TopicSupport.objects.filter(user=user).select_related("topic__edition")
        ],
    }


@register_exporter("forum_progress_reports", models=["forum.ProgressReport"])
def export_progress_reports(user: User) -> list[dict[str, Any]]:
    # Reports a council member or manager wrote on resolution items.
    return [
        {"item_id": r.item_id, "reported_on": r.reported_on.isoformat(), "text": r.text,
         "created_at": r.created_at.isoformat()}
        for r in ProgressReport.objects.filter(author=user)
    ]


# Topics and supports of topics were public from the start and stay, without a
# name; progress reports are the council's record. Registrations lose the name.
@register_eraser(models=["forum.Registration", "forum.Topic", "forum.TopicSupport", "forum.ProgressReport"])
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
    mine = Registration.objects.filter(user=user)
    scrub_admin_log(*mine.values_list("full_name", flat=True))
    mine.update(full_name="", organisation="")
