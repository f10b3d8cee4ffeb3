"""Liveness answers whatever the dependencies do; readiness reports each of them."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from initiatives.kinds import Kind
from notifications.models import Event, Notification
from tests.factories import UserFactory
from tolyatti_portal import health

pytestmark = pytest.mark.django_db


def _readiness(client) -> tuple[int, dict]:
    response = client.get("/readyz", HTTP_ACCEPT="application/json")
    return response.status_code, response.json()


def test_liveness_needs_no_dependency(client, monkeypatch):
    def down(*args, **kwargs):
        raise AssertionError("liveness must not touch a dependency")

    monkeypatch.setattr("django.db.backends.base.base.BaseDatabaseWrapper.cursor", down)
    response = client.get("/healthz")
    assert response.status_code == 200 and response.json() == {"status": "ok"}


def test_readiness_reports_every_dependency(client, settings):
    settings.NOTIFICATIONS_MAX_PENDING_AGE_SECONDS = 900
    status, checks = _readiness(client)
    assert status == 200, checks
    names = " ".join(checks)
    for check in ("Database", "Cache", "Broker", "Mail", "Storage", "Outbox"):
        assert check in names
    assert set(checks.values()) == {"OK"}


def test_readiness_is_503_when_an_email_waits_too_long(client, settings):
    settings.NOTIFICATIONS_MAX_PENDING_AGE_SECONDS = 900
    event = Event.objects.create(kind=Kind.STATUS_CHANGED, payload={}, expanded_at=timezone.now())
    Notification.objects.create(
        event=event, kind=event.kind, recipient=UserFactory(), created_at=timezone.now() - dt.timedelta(hours=1)
    )
    response = client.get("/readyz", HTTP_ACCEPT="application/json")
    assert response.status_code == 503 and response["Retry-After"] == "30"
    outbox = next(value for name, value in response.json().items() if name.startswith("Outbox"))
    assert "oldest undelivered e-mail waits" in outbox


def test_readiness_is_503_when_the_broker_is_unreachable(client):
    from tolyatti_portal.celery import app

    saved = {key: app.conf[key] for key in ("task_always_eager", "broker_url")}
    app.conf.update(task_always_eager=False, broker_url="redis://127.0.0.1:1/0")  # nothing listens there
    try:
        status, checks = _readiness(client)
    finally:
        app.conf.update(saved)
    assert status == 503
    broker = next(value for name, value in checks.items() if name.startswith("Broker"))
    assert "broker unreachable" in broker


def test_readiness_checks_smtp_reachability(client, settings):
    settings.EMAIL_BACKEND = "notifications.mail.SMTPBackend"
    settings.EMAIL_HOST, settings.EMAIL_PORT = "127.0.0.1", 1  # nothing listens there
    status, checks = _readiness(client)
    assert status == 503
    assert next(value for name, value in checks.items() if name.startswith("Mail")) != "OK"


def test_readiness_view_lists_the_checks():
    assert [c if isinstance(c, type) else c[0] for c in health.ReadinessView.checks] == [
        health.Database, health.Cache, health.Broker, health.Mail, health.Storage, health.Outbox,
    ]
