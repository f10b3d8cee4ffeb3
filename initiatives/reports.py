"""Which comment reports count towards hiding a comment, and which look coordinated.

Anyone may report, and every report reaches the moderators. Only reports from
residents whose e-mail is confirmed and whose account is at least a week old
hide a comment on their own: three fresh accounts must not be able to silence
anybody. Reports from accounts registered close together are shown to the
moderators as possibly coordinated.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import DateTimeField, Exists, ExpressionWrapper, OuterRef, QuerySet

from accounts.trust import CREATED_TOGETHER_WINDOW, trusted_user_q

from .models import CommentReport


def trusted_report_count(comment_id: int) -> int:
    return CommentReport.objects.filter(trusted_user_q("reporter__"), comment_id=comment_id).count()


def _around(field: str, delta: dt.timedelta) -> ExpressionWrapper:
    return ExpressionWrapper(OuterRef(field) + delta, output_field=DateTimeField())


def twin_reports() -> QuerySet[CommentReport]:
    """Reports whose reporter was registered within the window of another reporter of the same comment."""
    twin = CommentReport.objects.filter(
        comment_id=OuterRef("comment_id"),
        reporter__date_joined__gte=_around("reporter__date_joined", -CREATED_TOGETHER_WINDOW),
        reporter__date_joined__lte=_around("reporter__date_joined", CREATED_TOGETHER_WINDOW),
    ).exclude(reporter_id=OuterRef("reporter_id"))
    return CommentReport.objects.filter(Exists(twin))


def has_twin_reports() -> Exists:
    """For a Comment queryset: reported by at least two accounts created together."""
    return Exists(twin_reports().filter(comment_id=OuterRef("pk")))
