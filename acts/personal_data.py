"""The acts' part of a resident's data export and account deletion (152-FZ)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter

from .models import ActStatusChange, DiscussionSummary, PointComment, PointCommentReport, PointVote


@register_exporter("act_comments", models=["acts.PointComment"])
def export_comments(user: User) -> list[dict[str, Any]]:
    return [
        {"act": c.point.act.title, "point": c.point.number, "body": c.body, "created_at": c.created_at.isoformat(),
         "hidden": c.is_hidden}
        for c in PointComment.objects.filter(author=user).select_related("point__act")
    ]


@register_exporter("act_votes", models=["acts.PointVote"])
def export_votes(user: User) -> list[dict[str, Any]]:
    return [
        {"act": v.point.act.title, "point": v.point.number, "vote": v.value, "created_at": v.created_at.isoformat()}
        for v in PointVote.objects.filter(user=user).select_related("point__act")
    ]


@register_exporter("act_comment_reports", models=["acts.PointCommentReport"])
def export_reports(user: User) -> list[dict[str, Any]]:
    return [
        {"comment_id": r.comment_id, "reason": r.reason, "created_at": r.created_at.isoformat()}
        for r in PointCommentReport.objects.filter(reporter=user)
    ]


@register_exporter("act_staff_work", models=["acts.ActStatusChange", "acts.DiscussionSummary"])
def export_staff_work(user: User) -> dict[str, list[dict[str, Any]]]:
    # Decisions the person took as staff: part of what the portal holds about them.
    return {
        "status_changes": [
            {"act_id": c.act_id, "from": c.from_status, "to": c.to_status, "reason": c.reason,
             "created_at": c.created_at.isoformat()}
            for c in ActStatusChange.objects.filter(actor=user)
        ],
        "discussion_summaries": [
            {"point_id": s.point_id, "decision": s.decision, "reasoning": s.reasoning}
            for s in DiscussionSummary.objects.filter(author=user)
        ],
    }


@register_eraser(models=["acts.PointComment", "acts.PointVote", "acts.PointCommentReport", "acts.ActStatusChange",
                         "acts.DiscussionSummary"])
def erase(user: User) -> None:
    """Comments, votes and staff decisions stay (public contributions counted in the summary), without a name.

    Reports are the person's own complaints, never public: they go. The reply letters the
    person's answers caused quoted the name and the text in the outbox; both are blanked.
    """
    from notifications.models import Event

    from .notices import Kind

    PointCommentReport.objects.filter(reporter=user).delete()
    for event in Event.objects.filter(kind=Kind.COMMENT_REPLY, actor=user).only("pk", "payload").iterator():
        event.payload["author_name"] = ""
        event.payload["excerpt"] = ""
        event.save(update_fields=["payload"])
