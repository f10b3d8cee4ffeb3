"""SMTP that hangs or freezes: every e-mail is delivered, none twice, and time limits stop a batch.

These tests talk to an SMTP sink of their own (conftest.py) with a 1 s EMAIL_TIMEOUT.
"""

from __future__ import annotations

import datetime as dt

import pytest
from celery.exceptions import SoftTimeLimitExceeded
from django.core import mail as django_mail
from django.utils import timezone

from initiatives import services as initiative_services
from initiatives.kinds import Kind
from notifications import emails, services
from notifications.models import Event, Notification
from tests.notifications.conftest import initiative, people, place  # noqa: F401 (fixtures)

pytestmark = [pytest.mark.django_db, pytest.mark.faults]


@pytest.fixture
def enqueued(monkeypatch) -> list[tuple]:
    """Outbox tasks are recorded instead of run, so each test drives delivery itself."""
    calls: list[tuple] = []
    monkeypatch.setattr(services, "enqueue", lambda name, *args: calls.append((name, *args)))
    return calls


@pytest.fixture
def pending(initiative, people, enqueued, django_capture_on_commit_callbacks) -> list[int]:  # noqa: F811
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.initiative_forward(initiative, actor=people["moderator"])
    services.expand_event(Event.objects.get(kind=Kind.STATUS_CHANGED).pk)
    ids = list(Notification.objects.filter(email_status="pending").order_by("pk").values_list("pk", flat=True))
    assert len(ids) == 3
    return ids


def _make_due(ids: list[int]) -> None:
    """Let the retry back-off pass, as the sweep would see it some minutes later."""
    Notification.objects.filter(pk__in=ids, email_status="pending").update(
        email_next_attempt_at=timezone.now() - dt.timedelta(seconds=1)
    )


def _deliver_until_done(ids: list[int], rounds: int = 5) -> None:
    for _ in range(rounds):
        _make_due(ids)
        services.deliver_emails(ids)
        if not Notification.objects.filter(pk__in=ids).exclude(email_status="sent").exists():
            return


def test_server_silent_after_the_message_is_not_sent_twice(smtp_sink, pending):
    """The sink takes the whole message, then says nothing: the client times out.

    A frozen server accepts such a message when it resumes, so a retry would be a
    duplicate. Before the fix the failure was recorded and the retry sent it again.
    """
    smtp_sink.hang_after_data()
    services.deliver_emails(pending)
    smtp_sink.hang_after_data(False)
    first = Notification.objects.get(pk=pending[0])
    assert first.email_status == "sent"
    assert first.email_error.startswith("unconfirmed:")

    _deliver_until_done(pending)

    received = smtp_sink.received()
    assert sum(received.values()) == 3, received
    assert set(received.values()) == {1}, f"duplicates: {received}"
    assert set(Notification.objects.filter(pk__in=pending).values_list("email_status", flat=True)) == {"sent"}


def test_frozen_server_delays_but_delivers_each_email_once(smtp_sink, pending):
    """SIGSTOP before the send: nothing reached the server, so the e-mail is retried, once."""
    smtp_sink.freeze()
    try:
        assert services.deliver_emails(pending) == 0
    finally:
        smtp_sink.thaw()
    # The batch stops at the first connection failure instead of waiting out a timeout per e-mail.
    statuses = dict(Notification.objects.filter(pk__in=pending).values_list("pk", "email_status"))
    assert statuses[pending[0]] == "pending"
    assert Notification.objects.get(pk=pending[0]).email_error
    assert Notification.objects.filter(pk__in=pending[1:], email_attempts=0).count() == 2

    _deliver_until_done(pending)
    received = smtp_sink.received()
    assert sum(received.values()) == 3 and set(received.values()) == {1}, received


def test_every_attempt_carries_the_same_message_id(smtp_sink, pending):
    notification = Notification.objects.select_related("event", "recipient").get(pk=pending[0])
    first, again = emails.build_message(notification), emails.build_message(notification)
    assert first.extra_headers["Message-ID"] == again.extra_headers["Message-ID"]
    other = Notification.objects.select_related("event", "recipient").get(pk=pending[1])
    assert emails.build_message(other).extra_headers["Message-ID"] != first.extra_headers["Message-ID"]

    smtp_sink.hang_after_data()
    services.deliver_emails(pending[:1])
    smtp_sink.hang_after_data(False)
    _deliver_until_done(pending)
    assert len(smtp_sink.message_ids()) == len(set(smtp_sink.message_ids())) == 3
    assert first.extra_headers["Message-ID"] in smtp_sink.message_ids()


def test_soft_time_limit_stops_the_batch_and_gives_the_claim_back(pending, monkeypatch):
    """Before the fix `except Exception` swallowed the soft limit and the batch went on."""
    calls = []

    def stopped(notification):
        calls.append(notification.pk)
        raise SoftTimeLimitExceeded()

    monkeypatch.setattr(emails, "build_message", stopped)
    with pytest.raises(SoftTimeLimitExceeded):
        services.deliver_emails(pending)
    assert calls == pending[:1]
    first = Notification.objects.get(pk=pending[0])
    # Back to pending at once, not left «sending» until the stale-claim window passes.
    assert first.email_status == "pending" and first.email_next_attempt_at <= timezone.now()
    assert Notification.objects.filter(pk__in=pending[1:], email_status="pending", email_attempts=0).count() == 2


def test_a_batch_stops_at_its_deadline_and_hands_the_rest_on(pending, enqueued, monkeypatch):
    clock = iter(range(0, 1000, 10))
    monkeypatch.setattr(services.time, "monotonic", lambda: next(clock))
    # Budget 15 s on a clock that moves 10 s per look: one e-mail, then the deadline.
    assert services.deliver_emails(pending, budget_seconds=15) == 1
    assert len(django_mail.outbox) == 1
    assert enqueued[-1] == ("deliver_emails", pending[1:])


def test_stale_claim_window_is_the_worst_case_of_one_send(pending, settings):
    settings.EMAIL_TIMEOUT = 10
    window = services.stale_claim()
    assert window == dt.timedelta(seconds=services.SMTP_EXCHANGES_PER_SEND * 10 + 30)
    now = timezone.now()
    Notification.objects.filter(pk=pending[0]).update(email_status="sending", email_claimed_at=now - window / 2)
    Notification.objects.filter(pk=pending[1]).update(
        email_status="sending", email_claimed_at=now - window - dt.timedelta(seconds=1)
    )
    services.deliver_emails(pending[:2])
    # A claim younger than one send's worst case may still be in flight: left alone.
    assert Notification.objects.get(pk=pending[0]).email_status == "sending"
    assert Notification.objects.get(pk=pending[1]).email_status == "sent"


@pytest.fixture
def many_pending(initiative, people, enqueued, django_capture_on_commit_callbacks) -> list[int]:  # noqa: F811
    from initiatives.models import Follow
    from tests.factories import UserFactory

    Follow.objects.bulk_create(Follow(initiative=initiative, user=UserFactory()) for _ in range(60))
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.initiative_forward(initiative, actor=people["moderator"])
    services.expand_event(Event.objects.get(kind=Kind.STATUS_CHANGED).pk)
    return list(Notification.objects.filter(email_status="pending").order_by("pk").values_list("pk", flat=True))


def test_smtp_frozen_and_silent_mid_stream_delivers_every_email_once(smtp_sink, many_pending):
    """The issue's scenario in small: the sink is frozen (SIGSTOP) and later silent after DATA
    while batches are being sent; the retries (as the sweep makes them) finish the job."""
    import json
    import threading
    import time

    from tests.resilience.test_http_redis_outage import RESULTS

    def faults() -> None:
        time.sleep(0.3)
        smtp_sink.hang_after_data()
        time.sleep(1.5)
        smtp_sink.hang_after_data(False)
        time.sleep(0.5)
        smtp_sink.freeze()
        time.sleep(2.0)
        smtp_sink.thaw()

    injector = threading.Thread(target=faults)
    started = time.monotonic()
    injector.start()
    rounds = 0
    while Notification.objects.filter(pk__in=many_pending).exclude(email_status="sent").exists():
        assert time.monotonic() - started < 25, "not delivered within 25 s"
        rounds += 1
        _make_due(many_pending)
        for start in range(0, len(many_pending), 5):  # small batches, spread out like a busy outbox
            services.deliver_emails(many_pending[start:start + 5])
            time.sleep(0.1)
    injector.join()
    took = time.monotonic() - started
    time.sleep(1.0)  # anything the sink accepts late would show up by now

    received = smtp_sink.received()
    ids = smtp_sink.message_ids()
    figures = {
        "emails_expected": len(many_pending),
        "emails_received": sum(received.values()),
        "emails_duplicated": len(ids) - len(set(ids)),
        "unconfirmed_marked_sent": Notification.objects.filter(email_error__startswith="unconfirmed:").count(),
        "delivery_rounds": rounds,
        "all_delivered_after_s": round(took, 2),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "smtp_hang.json").write_text(json.dumps(figures, indent=2))
    assert figures["emails_duplicated"] == 0, figures
    assert figures["emails_received"] == len(many_pending), figures
