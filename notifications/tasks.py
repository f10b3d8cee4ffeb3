"""Celery tasks of the outbox: they take ids and call services; all are idempotent."""

from __future__ import annotations

from celery import shared_task

from . import services


@shared_task(name="notifications.tasks.expand_event", acks_late=True)
def expand_event(event_id: int) -> int:
    return services.expand_event(event_id)


@shared_task(name="notifications.tasks.deliver_emails", acks_late=True)
def deliver_emails(notification_ids: list[int]) -> int:
    return services.deliver_emails(notification_ids)


@shared_task(name="notifications.tasks.sweep")
def sweep() -> dict[str, int]:
    return services.sweep()
