"""Writing events, expanding them to recipients, delivering e-mails exactly once."""

from __future__ import annotations

import datetime as dt
import logging
import uuid
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User

from .kinds import Channel
from .models import Event, Notification, Preference
from .registry import get_kind, is_kind, resolve

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_EMAIL_ATTEMPTS = 6
# A claim older than this is presumed dead (worker killed mid-send) and re-tried.
STALE_CLAIM = dt.timedelta(minutes=10)


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(60 * 2 ** max(0, attempts - 1), 6 * 3600))


def emit(kind: str, *, payload: dict[str, Any], actor: User | None = None) -> Event:
    """Record an event in the caller's transaction; delivery starts after commit.

    If the broker is unreachable at commit time the change still succeeds: the
    event stays unexpanded and the periodic sweep picks it up.
    """
    event = Event.objects.create(kind=kind, payload=payload, actor=actor if actor and actor.pk else None)
    transaction.on_commit(lambda: enqueue("expand_event", event.pk))
    return event


def enqueue(task_name: str, *args: Any) -> None:
    from . import tasks

    task = {"expand_event": tasks.expand_event, "deliver_emails": tasks.deliver_emails}[task_name]
    try:
        # retry=False: with the broker down, fail at once rather than hold the
        # resident's request in the client's retry loop; the sweep recovers.
        task.apply_async(args=args, retry=False)
    except Exception:  # any broker failure is recoverable by the sweep
        logger.warning("Could not enqueue %s%r; the sweep will deliver it.", task_name, args, exc_info=True)


def _preferences(user_ids: list[int], kind: str) -> dict[tuple[int, str], bool]:
    rows = Preference.objects.filter(user_id__in=user_ids, kind=kind).values_list("user_id", "channel", "enabled")
    return {(user_id, channel): enabled for user_id, channel, enabled in rows}


def _chunks(iterable: Iterable[int], size: int) -> Iterator[list[int]]:
    iterator = iter(iterable)
    while chunk := list(islice(iterator, size)):
        yield chunk


def expand_event(event_id: int) -> int:
    """Create the event's notifications in batches; safe to run twice or concurrently."""
    now = timezone.now()
    claimed = Event.objects.filter(
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM), pk=event_id, expanded_at__isnull=True
    ).update(claimed_at=now)
    if not claimed:
        return 0
    event = Event.objects.get(pk=event_id)
    policy = get_kind(event.kind)
    seen: set[int] = set()
    created = 0
    for batch in _chunks(resolve(event.kind, event.payload), BATCH_SIZE):
        ids = [i for i in dict.fromkeys(batch) if i and i not in seen and i != event.actor_id]
        seen.update(ids)
        if not ids:
            continue
        active = list(
            User.objects.filter(pk__in=ids, is_active=True, anonymised_at__isnull=True).values_list("pk", flat=True)
        )
        prefs = _preferences(active, event.kind)
        rows = []
        for user_id in active:
            email_on = prefs.get((user_id, Channel.EMAIL), policy.email_default)
            in_app_on = prefs.get((user_id, Channel.IN_APP), policy.in_app_default)
            if not policy.can_unsubscribe:
                email_on = in_app_on = True
            if not (email_on or in_app_on):
                continue
            rows.append(Notification(
                event=event, kind=event.kind, recipient_id=user_id, in_app=in_app_on,
                email_status=Notification.EmailStatus.PENDING if email_on else Notification.EmailStatus.SKIPPED,
            ))
        # ignore_conflicts: a second expansion (retry, sweep) meets the unique key.
        Notification.objects.bulk_create(rows, ignore_conflicts=True)
        created += len(rows)
    for address in event.payload.get("emails", []):
        _, was_created = Notification.objects.get_or_create(
            event=event, recipient=None, email=address.lower(), defaults={"kind": event.kind, "in_app": False}
        )
        created += int(was_created)
    Event.objects.filter(pk=event_id).update(expanded_at=timezone.now(), recipient_count=created)
    pending = Notification.objects.filter(event_id=event_id, email_status=Notification.EmailStatus.PENDING)
    for chunk in _chunks(pending.values_list("pk", flat=True).order_by("pk").iterator(), 100):
        enqueue("deliver_emails", chunk)
    return created


def _claim(notification_ids: list[int], now: dt.datetime) -> uuid.UUID:
    """Claim the due ones among the ids with one conditional UPDATE; returns the claim token.

    Rows already sent, being sent by another worker, or not yet due are left
    alone, so two workers handed the same ids never both send.
    """
    token = uuid.uuid4()
    due = Q(email_status=Notification.EmailStatus.PENDING) & (
        Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now)
    )
    stale = Q(email_status=Notification.EmailStatus.SENDING, email_claimed_at__lt=now - STALE_CLAIM)
    Notification.objects.filter(due | stale, pk__in=notification_ids).update(
        email_status=Notification.EmailStatus.SENDING, email_claimed_at=now, email_claim=token,
        email_attempts=F("email_attempts") + 1,
    )
    return token


def deliver_emails(notification_ids: list[int]) -> int:
    """Send the claimed notifications' e-mails over one SMTP connection."""
    from .emails import build_message

    now = timezone.now()
    token = _claim(notification_ids, now)
    claimed = Notification.objects.filter(email_claim=token).select_related("event", "recipient").order_by("pk")
    sent = 0
    connection = None
    try:
        for notification in claimed:
            try:
                message = build_message(notification)
                if message is None:
                    Notification.objects.filter(pk=notification.pk).update(
                        email_status=Notification.EmailStatus.SKIPPED
                    )
                    continue
                if connection is None:
                    connection = get_connection()
                    connection.open()
                message.connection = connection
                message.send()
            except Exception as exc:  # SMTP, DNS, a template: record and retry later
                _record_failure(notification, exc, now)
                connection = None
                continue
            # Marked one by one: a worker killed mid-batch re-sends at most the
            # one message it was writing, not the whole batch.
            Notification.objects.filter(pk=notification.pk, email_claim=token).update(
                email_status=Notification.EmailStatus.SENT, email_sent_at=timezone.now(), email_error=""
            )
            sent += 1
    finally:
        if connection is not None:
            connection.close()
    return sent


def _record_failure(notification: Notification, exc: Exception, now: dt.datetime) -> None:
    attempts = notification.email_attempts
    error = f"{type(exc).__name__}: {exc}"[:2000]
    if attempts >= MAX_EMAIL_ATTEMPTS:
        logger.error("Notification %s failed permanently: %s", notification.pk, error)
        Notification.objects.filter(pk=notification.pk).update(
            email_status=Notification.EmailStatus.FAILED, email_error=error
        )
    else:
        Notification.objects.filter(pk=notification.pk).update(
            email_status=Notification.EmailStatus.PENDING, email_error=error,
            email_next_attempt_at=now + _backoff(attempts),
        )


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Deliver what lost task messages left behind: unexpanded events, due e-mails."""
    now = now or timezone.now()
    grace = now - dt.timedelta(seconds=settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS)
    events = list(
        Event.objects.filter(
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - STALE_CLAIM),
            expanded_at__isnull=True, created_at__lte=grace,
        ).values_list("pk", flat=True)[:200]
    )
    for event_id in events:
        enqueue("expand_event", event_id)
    due = Notification.objects.filter(
        (Q(email_status=Notification.EmailStatus.PENDING)
         & (Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now)) & Q(created_at__lte=grace))
        | Q(email_status=Notification.EmailStatus.SENDING, email_claimed_at__lt=now - STALE_CLAIM)
    ).values_list("pk", flat=True).order_by("pk")[:5000]
    emails = 0
    for chunk in _chunks(iter(list(due)), 100):
        enqueue("deliver_emails", chunk)
        emails += len(chunk)
    return {"events": len(events), "emails": emails}


def mark_read(user: User, notification_ids: Iterable[int] | None = None) -> int:
    qs = Notification.objects.filter(recipient=user, in_app=True, read_at__isnull=True)
    if notification_ids is not None:
        qs = qs.filter(pk__in=list(notification_ids))
    return qs.update(read_at=timezone.now())


def set_preference(user: User, *, kind: str, channel: str, enabled: bool) -> None:
    if not get_kind(kind).can_unsubscribe and not enabled:
        return
    Preference.objects.update_or_create(user=user, kind=kind, channel=channel, defaults={"enabled": enabled})


def unsubscribe(user_id: int, kind: str) -> bool:
    """One-click unsubscribe from e-mails of one kind (signed link, no login)."""
    if not is_kind(kind) or not get_kind(kind).can_unsubscribe:
        return False
    user = User.objects.filter(pk=user_id, is_active=True).first()
    if user is None:
        return False
    set_preference(user, kind=kind, channel=Channel.EMAIL, enabled=False)
    # Anything already queued for this kind and not yet sent is dropped too.
    Notification.objects.filter(
        recipient=user, kind=kind, email_status=Notification.EmailStatus.PENDING
    ).update(email_status=Notification.EmailStatus.SKIPPED)
    return True
