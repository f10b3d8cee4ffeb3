"""Celery tasks of the outbox: they take ids and call services; all are idempotent.

None of them stores a result (ignore_result): nobody reads one, and with a
result backend the publishing request would otherwise subscribe to the result
in Redis, which is retried for seconds when Redis is down.
"""

from __future__ import annotations

from celery import shared_task
from django.conf import settings

from . import services

# A delivery batch stops claiming after NOTIFICATIONS_BATCH_SECONDS, and the message in
# flight then takes at most the worst case of one send; the soft limit comes after both.
_DELIVERY_SOFT_LIMIT = settings.NOTIFICATIONS_BATCH_SECONDS + services.stale_claim().total_seconds() + 10


@shared_task(name="notifications.tasks.expand_event", acks_late=True, ignore_result=True)
def expand_event(event_id: int) -> int:
    return services.expand_event(event_id)


@shared_task(
    name="notifications.tasks.deliver_emails", acks_late=True, ignore_result=True,
    soft_time_limit=_DELIVERY_SOFT_LIMIT, time_limit=_DELIVERY_SOFT_LIMIT + 30,
)
def deliver_emails(notification_ids: list[int]) -> int:
    return services.deliver_emails(notification_ids)


@shared_task(name="notifications.tasks.sweep", ignore_result=True)
def sweep() -> dict[str, int]:
    return services.sweep()
