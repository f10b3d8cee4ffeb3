"""The header's unread count, kept in the shared cache per user.

Every page a resident opens shows the bell, so counting their unread notifications was
one query on every request. The count is cached under the user's id and forgotten
whenever it can change: notifications created for them (`services.expand_event`, or a
row saved one by one), marked read (`services.mark_read`) or erased with their personal
data. The key is dropped at once and again after the transaction commits, so a request
that counted just before the commit cannot keep an old figure; a request that counted
*during* the commit and stored afterwards is bounded by `UNREAD_SECONDS`.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.core.cache import cache
from django.db import transaction

UNREAD_SECONDS = 60


def _key(user_id: int) -> str:
    return f"unread-notifications:{user_id}"


def unread_count(user_id: int) -> int:
    from .models import Notification

    key = _key(user_id)
    count = cache.get(key)
    if count is None:
        count = Notification.objects.filter(recipient_id=user_id, in_app=True, read_at__isnull=True).count()
        cache.set(key, count, UNREAD_SECONDS)
    return count


def forget(user_ids: Iterable[int | None]) -> None:
    keys = [_key(user_id) for user_id in set(user_ids) if user_id]
    if not keys:
        return
    cache.delete_many(keys)
    transaction.on_commit(lambda: cache.delete_many(keys))
