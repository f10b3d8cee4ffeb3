"""Periodic tasks of the forum (scheduled in CELERY_BEAT_SCHEDULE). Both are idempotent.

Letters themselves go through the notifications outbox: the services record an
event in the transaction of the change, and the outbox delivers it once per
recipient. These tasks only record the events that a date, not a change, brings.
"""

from __future__ import annotations

from celery import shared_task
from django.db import DatabaseError

from . import services

# Beat runs each task once a day, and the sweep of the outbox does not cover them:
# a database hiccup is retried within the hour rather than skipping the day. The
# claims make a retry after a partial run send only what is still unsent.
_RETRY = {"autoretry_for": (DatabaseError,), "retry_backoff": 60, "retry_backoff_max": 900, "max_retries": 5}


@shared_task(name="forum.tasks.send_reminders", **_RETRY)
def send_reminders() -> int:
    """The day before a forum: remind everyone with a confirmed seat."""
    return services.send_reminders()


@shared_task(name="forum.tasks.resolution_deadlines", **_RETRY)
def resolution_deadlines() -> int:
    """Fourteen days before a resolution item's deadline: tell those responsible for it."""
    return services.send_resolution_deadline_notices()
