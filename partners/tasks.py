"""Celery tasks of partners' webhooks: they take ids and call partners.webhooks; all idempotent."""

from __future__ import annotations

from celery import shared_task

from . import webhooks


@shared_task(name="partners.tasks.dispatch_webhooks", acks_late=True, ignore_result=True)
def dispatch_webhooks(event_id: int) -> int:
    return webhooks.dispatch_event(event_id)


@shared_task(name="partners.tasks.deliver_webhook", acks_late=True, ignore_result=True,
             soft_time_limit=60, time_limit=90)
def deliver_webhook(delivery_id: str) -> str:
    return webhooks.deliver(delivery_id)


@shared_task(name="partners.tasks.webhooks_sweep", ignore_result=True)
def webhooks_sweep() -> dict[str, int]:
    return webhooks.sweep()
