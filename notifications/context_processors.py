"""The unread count for the bell in the header: one indexed COUNT per page for logged-in users."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .models import Notification


def unread_notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that never show the header (JSON, files) pay nothing.
    return {
        "unread_notification_count": SimpleLazyObject(
            lambda: Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True).count()
        )
    }
