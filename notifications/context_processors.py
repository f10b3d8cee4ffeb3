"""The unread count for the bell in the header, from the per-user cache (notifications.unread)."""

from __future__ import annotations

from django.http import HttpRequest
from django.utils.functional import SimpleLazyObject

from .unread import unread_count


def unread_notifications(request: HttpRequest) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}
    # Lazy: pages that never show the header (JSON, files) pay nothing.
    return {
        "unread_notification_count": SimpleLazyObject(lambda: unread_count(user.pk))
    }
