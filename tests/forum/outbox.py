"""Helpers for asserting the forum's letters through the notifications outbox."""

from __future__ import annotations

from notifications.models import Event, Notification
from notifications.services import deliver_emails, expand_event


def replay_outbox() -> None:
    """Run every expansion and delivery again, as a redelivered Celery message or a dead worker's claim would.

    Only events already expanded are replayed (a test may leave others whose
    commit callbacks never ran). They are made to look unexpanded, so the
    expansion really runs a second time; the outbox's unique keys and e-mail
    claims must make it a no-op.
    """
    done = list(Event.objects.filter(expanded_at__isnull=False).values_list("pk", flat=True))
    Event.objects.filter(pk__in=done).update(expanded_at=None, claimed_at=None)
    for event_id in done:
        expand_event(event_id)
    deliver_emails(list(Notification.objects.filter(event_id__in=done).values_list("pk", flat=True)))
