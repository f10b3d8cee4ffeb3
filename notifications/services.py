"""Writing events, expanding them to recipients, delivering e-mails exactly once."""

from __future__ import annotations

import datetime as dt
import logging
import smtplib
import time
import uuid
from collections.abc import Iterable, Iterator
from itertools import islice
from typing import Any

from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.core.mail import get_connection
from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User

from . import mail, unread
from .kinds import Channel
from .models import EmailOptOut, Event, Notification, Preference
from .registry import get_kind, is_kind, resolve

logger = logging.getLogger(__name__)

BATCH_SIZE = 500
MAX_EMAIL_ATTEMPTS = 6
# One send: connect, greeting, EHLO, STARTTLS, EHLO, AUTH (2), MAIL, RCPT, DATA, the
# message and its verdict — each a blocking exchange bounded by EMAIL_TIMEOUT.
SMTP_EXCHANGES_PER_SEND = 12
# Celery stops a task by raising these inside it; they must never be recorded as a
# failed send and swallowed, or the soft limit stops nothing.
TIME_LIMIT_EXCEPTIONS = (SoftTimeLimitExceeded, TimeLimitExceeded)


def event_stale_claim() -> dt.timedelta:
    """An expansion claim outlives any live expansion: the task's hard time limit, plus a margin."""
    return dt.timedelta(seconds=settings.CELERY_TASK_TIME_LIMIT + 60)


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


# After a failed publish a web process leaves the broker alone for a few seconds: a
# request that emits several events pays for one broker timeout, not one per event.
BROKER_BREAKER_SECONDS = 5.0
_broker_failed_at = float("-inf")


def enqueue(task_name: str, *args: Any) -> None:
    """Publish an outbox task; when the broker is down the row waits for the sweep."""
    global _broker_failed_at
    from . import tasks

    task = {"expand_event": tasks.expand_event, "deliver_emails": tasks.deliver_emails}[task_name]
    # Only requests need the breaker; a worker's sweep may as well try (and in-process
    # tasks have no broker to fail).
    breaker = settings.PROCESS_ROLE == "web" and not task.app.conf.task_always_eager
    if breaker and time.monotonic() - _broker_failed_at < BROKER_BREAKER_SECONDS:
        logger.info("Broker failed moments ago; %s%r is left to the sweep.", task_name, args)
        return
    try:
        # retry=False: with the broker down, fail at once rather than hold the
        # resident's request in the client's retry loop; the sweep recovers.
        task.apply_async(args=args, retry=False)
    except TIME_LIMIT_EXCEPTIONS:
        raise
    except Exception:  # any broker failure is recoverable by the sweep
        if breaker:
            _broker_failed_at = time.monotonic()
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
        Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - event_stale_claim()), pk=event_id, expanded_at__isnull=True
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
        unread.forget(row.recipient_id for row in rows if row.in_app)
        created += len(rows)
    for address in event.payload.get("emails", []):
        if EmailOptOut.covers(address):
            continue
        _, was_created = Notification.objects.get_or_create(
            event=event, recipient=None, email=address.lower(), defaults={"kind": event.kind, "in_app": False}
        )
        created += int(was_created)
    Event.objects.filter(pk=event_id).update(expanded_at=timezone.now(), recipient_count=created)
    pending = Notification.objects.filter(event_id=event_id, email_status=Notification.EmailStatus.PENDING)
    for chunk in _chunks(pending.values_list("pk", flat=True).order_by("pk").iterator(), 100):
        enqueue("deliver_emails", chunk)
    return created


def stale_claim() -> dt.timedelta:
    """How long a live sender can hold one e-mail's claim: the worst case of one send.

    Each blocking SMTP exchange is bounded by EMAIL_TIMEOUT and one send is at most
    SMTP_EXCHANGES_PER_SEND of them; a claim older than that (plus a margin for
    rendering and the database) belongs to a worker that died, and is taken over.
    """
    return dt.timedelta(seconds=SMTP_EXCHANGES_PER_SEND * settings.EMAIL_TIMEOUT + 30)


def _claim_one(notification_id: int, now: dt.datetime) -> Notification | None:
    """Claim one due e-mail with a conditional UPDATE, just before sending it.

    Claiming one at a time (not the whole batch up front) keeps every claim as
    young as its send, so the stale-claim window is the worst case of one send,
    and rows a stopped batch never reached stay pending for the next run.
    """
    token = uuid.uuid4()
    due = Q(email_status=Notification.EmailStatus.PENDING) & (
        Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now)
    )
    stale = Q(email_status=Notification.EmailStatus.SENDING, email_claimed_at__lt=now - stale_claim())
    claimed = Notification.objects.filter(due | stale, pk=notification_id).update(
        email_status=Notification.EmailStatus.SENDING, email_claimed_at=now, email_claim=token,
        email_attempts=F("email_attempts") + 1,
    )
    if not claimed:
        return None
    return Notification.objects.select_related("event", "recipient").get(pk=notification_id, email_claim=token)


def _is_connection_failure(exc: BaseException) -> bool:
    """SMTP unreachable, silent or dropped (as opposed to this one message being refused)."""
    refused = (smtplib.SMTPRecipientsRefused, smtplib.SMTPSenderRefused, smtplib.SMTPDataError)
    return isinstance(exc, OSError) and not isinstance(exc, refused)


def deliver_emails(notification_ids: list[int], *, budget_seconds: float | None = None) -> int:
    """Send the given notifications' e-mails over one SMTP connection, each at most once.

    The batch stops claiming new messages once `budget_seconds`
    (NOTIFICATIONS_BATCH_SECONDS) have passed and hands the rest to a new task,
    so a slow server never runs a task into its time limit. When the server is
    unreachable or silent the batch stops at the first failure and the sweep
    retries the rest later, instead of waiting out a timeout per message.
    """
    from .emails import build_message

    budget = settings.NOTIFICATIONS_BATCH_SECONDS if budget_seconds is None else budget_seconds
    deadline = time.monotonic() + budget
    remaining = sorted(set(notification_ids))
    sent = 0
    connection = None
    try:
        while remaining and time.monotonic() < deadline:
            now = timezone.now()
            notification = _claim_one(remaining.pop(0), now)
            if notification is None:  # sent, being sent elsewhere, or not due
                continue
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
            except TIME_LIMIT_EXCEPTIONS:
                # The task is being stopped: settle this message and let Celery stop it.
                _settle_interrupted(notification, connection, now)
                mail.discard(connection)
                connection = None
                raise
            except Exception as exc:  # SMTP, DNS, a template: record and retry later
                if mail.outcome_unknown(connection):
                    _mark_sent(notification, unconfirmed=exc)
                else:
                    _record_failure(notification, exc, now)
                mail.discard(connection)
                connection = None
                if _is_connection_failure(exc):
                    remaining = []  # left pending: the sweep retries once the server answers
                continue
            # Marked one by one: a worker killed mid-batch re-sends at most the
            # one message it was writing, not the whole batch.
            _mark_sent(notification)
            sent += 1
    finally:
        if connection is not None:
            connection.close()
    if remaining:
        enqueue("deliver_emails", remaining)
    return sent


def _mark_sent(notification: Notification, *, unconfirmed: BaseException | None = None) -> None:
    error = ""
    if unconfirmed is not None:
        # The whole message reached the server, which fell silent before confirming it.
        # Re-sending would deliver it twice if the server accepted it (a frozen one
        # does when it resumes); the error stays visible to staff in the admin.
        error = f"unconfirmed: {type(unconfirmed).__name__}: {unconfirmed}"[:2000]
        logger.warning("Notification %s: server did not confirm the message; not re-sending.", notification.pk)
    Notification.objects.filter(pk=notification.pk, email_claim=notification.email_claim).update(
        email_status=Notification.EmailStatus.SENT, email_sent_at=timezone.now(), email_error=error
    )


def _settle_interrupted(notification: Notification, connection: object, now: dt.datetime) -> None:
    if mail.outcome_unknown(connection):
        _mark_sent(notification, unconfirmed=TimeoutError("task time limit"))
        return
    # Not handed over: give the claim back at once rather than after the stale window.
    Notification.objects.filter(pk=notification.pk, email_claim=notification.email_claim).update(
        email_status=Notification.EmailStatus.PENDING, email_next_attempt_at=now,
        email_error="interrupted by the task time limit",
    )


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
            Q(claimed_at__isnull=True) | Q(claimed_at__lt=now - event_stale_claim()),
            expanded_at__isnull=True, created_at__lte=grace,
        ).values_list("pk", flat=True)[:200]
    )
    for event_id in events:
        enqueue("expand_event", event_id)
    due = Notification.objects.filter(
        (Q(email_status=Notification.EmailStatus.PENDING)
         & (Q(email_next_attempt_at__isnull=True) | Q(email_next_attempt_at__lte=now)) & Q(created_at__lte=grace))
        | Q(email_status=Notification.EmailStatus.SENDING, email_claimed_at__lt=now - stale_claim())
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
    unread.forget([user.pk])
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


def email_opt_out(address: str) -> None:
    """The owner of an address without an account asked never to be written to again."""
    EmailOptOut.objects.get_or_create(address_hash=EmailOptOut.hash(address))
    # Letters already queued to it are not sent either.
    Notification.objects.filter(
        recipient__isnull=True, email__iexact=address.strip(),
        email_status__in=[Notification.EmailStatus.PENDING, Notification.EmailStatus.SENDING],
    ).update(email_status=Notification.EmailStatus.SKIPPED)
