"""The acts' part of a resident's data export and account deletion (152-FZ)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter

from .models import PointComment, PointCommentReport, PointVote


@register_exporter("act_comments")
def export_comments(user: User) -> list[dict[str, Any]]:
    return [
        {"act": c.point.act.title, "point": c.point.number, "body": c.body, "created_at": c.created_at.isoformat(),
         "hidden": c.is_hidden}
        for c in PointComment.objects.filter(author=user).select_related("point__act")
    ]


@register_exporter("act_votes")
def export_votes(user: User) -> list[dict[str, Any]]:
    return [
        {"act": v.point.act.title, "point": v.point.number, "vote": v.value, "created_at": v.created_at.isoformat()}
        for v in PointVote.objects.filter(user=user).select_related("point__act")
    ]


@register_eraser
def erase(user: User) -> None:
    """Comments and votes stay (public contributions counted in the summary), shown without a name.

    Reports are the person's own complaints, not public: they go. The reply letters the
    person's answers caused carried the display name in the outbox; it is blanked.
    """
    from notifications.models import Event

    from .notices import Kind

    PointCommentReport.objects.filter(reporter=user).delete()
    for event in Event.objects.filter(kind=Kind.COMMENT_REPLY, actor=user).only("pk", "payload").iterator():
        event.payload["author_name"] = ""
        event.save(update_fields=["payload"])
