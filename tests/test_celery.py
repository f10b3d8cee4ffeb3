"""The Celery app: safe serialisation and delivery, and the periodic housekeeping it runs."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from datetime import timedelta
from pathlib import Path

import pytest
from django.contrib.sessions.models import Session
from django.utils import timezone

from accounts.tasks import clear_expired_sessions
from tolyatti_portal.celery import app

ROOT = Path(__file__).resolve().parent.parent


def test_only_json_crosses_the_broker():
    assert list(app.conf.accept_content) == ["json"]
    assert app.conf.task_serializer == "json"
    assert app.conf.result_serializer == "json"


def test_tasks_are_acknowledged_late_and_time_limited():
    assert app.conf.task_acks_late is True
    assert app.conf.task_reject_on_worker_lost is True
    assert app.conf.worker_prefetch_multiplier == 1
    assert 0 < app.conf.task_soft_time_limit < app.conf.task_time_limit
    # Redis would hand a still-running task to a second worker after this timeout.
    assert app.conf.broker_transport_options["visibility_timeout"] > app.conf.task_time_limit


def test_beat_keeps_its_schedule_in_the_database():
    assert app.conf.beat_scheduler == "django_celery_beat.schedulers:DatabaseScheduler"


def test_every_periodic_entry_names_a_task_the_worker_registers():
    schedule = app.conf.beat_schedule
    assert schedule["clear-expired-sessions"]["task"] == clear_expired_sessions.name
    # A fresh interpreter finds tasks the way a worker does: by autodiscovery,
    # not because this test module happened to import them.
    code = (
        "import json, django; django.setup()\n"
        "from tolyatti_portal.celery import app\n"
        "app.loader.import_default_modules()\n"
        "print(json.dumps(sorted(app.tasks)))"
    )
    proc = subprocess.run(
        [sys.executable, "-c", code],
        cwd=ROOT,
        env={**os.environ, "DJANGO_SETTINGS_MODULE": "tolyatti_portal.settings.test"},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )
    assert proc.returncode == 0, proc.stderr
    registered = set(json.loads(proc.stdout.strip().splitlines()[-1]))
    unregistered = {name: entry["task"] for name, entry in schedule.items() if entry["task"] not in registered}
    assert not unregistered


@pytest.mark.django_db
def test_clear_expired_sessions_deletes_only_expired():
    now = timezone.now()
    for key, expires in [("expired-a", now - timedelta(days=1)), ("expired-b", now - timedelta(seconds=1)),
                         ("live", now + timedelta(days=1))]:
        Session.objects.create(session_key=key, session_data="", expire_date=expires)

    assert clear_expired_sessions.delay().get(timeout=10) == 2
    assert list(Session.objects.values_list("session_key", flat=True)) == ["live"]
    assert clear_expired_sessions.delay().get(timeout=10) == 0
