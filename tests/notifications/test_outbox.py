"""The outbox survives a broker outage; the sweep delivers; the digest is opt-in and weekly."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone

from initiatives import services as initiative_services
from initiatives.digest import emit_weekly_digests
from initiatives.kinds import Kind
from notifications import tasks
from notifications.kinds import Channel
from notifications.models import Event, Notification
from notifications.services import set_preference, sweep
from tests.factories import UserFactory
from tests.notifications.conftest import make_initiative

pytestmark = pytest.mark.django_db


def test_change_succeeds_when_the_broker_is_down_and_the_sweep_delivers_later(
    initiative, people, monkeypatch, django_capture_on_commit_callbacks, settings
):
    def broker_down(*args, **kwargs):
        raise ConnectionRefusedError("redis is down")

    monkeypatch.setattr(tasks.expand_event, "apply_async", broker_down)
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.initiative_forward(initiative, actor=people["moderator"])
    initiative.refresh_from_db()
    assert initiative.status == "consideration"
    event = Event.objects.get(kind=Kind.STATUS_CHANGED)
    assert event.expanded_at is None and not mail.outbox

    monkeypatch.undo()
    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 0
    result = sweep()
    assert result["events"] == 1
    assert len(mail.outbox) == 3
    sweep()
    sweep()
    assert len(mail.outbox) == 3


def test_sweep_retakes_a_claim_left_by_a_dead_worker(initiative, people, settings, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.initiative_forward(initiative, actor=people["moderator"])
    sent = len(mail.outbox)
    row = Notification.objects.first()
    Notification.objects.filter(pk=row.pk).update(
        email_status="sending", email_claimed_at=timezone.now() - dt.timedelta(hours=1)
    )
    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 0
    sweep()
    row.refresh_from_db()
    assert row.email_status == "sent" and len(mail.outbox) == sent + 1


def test_weekly_digest_is_opt_in_and_sent_once_a_week(people, place, django_capture_on_commit_callbacks):
    make_initiative(author=people["author"], microdistrict=place, title="Новая спортплощадка")
    subscriber = UserFactory(home_microdistrict=place)
    UserFactory(home_microdistrict=place)  # did not opt in
    set_preference(subscriber, kind=Kind.WEEKLY_DIGEST, channel=Channel.EMAIL, enabled=True)
    with django_capture_on_commit_callbacks(execute=True):
        assert emit_weekly_digests() == 1
    assert [m.to for m in mail.outbox] == [[subscriber.email]]
    assert "Новая спортплощадка" in mail.outbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        assert emit_weekly_digests() == 0
    assert len(mail.outbox) == 1
