"""End to end on the production path: PostgreSQL, Redis and a real `celery worker` process.

Skipped on SQLite or without REDIS_URL; CI (.ci/run) provides both.
"""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from collections.abc import Iterator
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

import pytest
from django.conf import settings
from django.db import connection
from kombu import pools as kombu_pools

from initiatives import services as initiative_services
from initiatives.kinds import Kind
from notifications.models import Event, Notification
from tolyatti_portal.celery import app as celery_app

ROOT = Path(__file__).resolve().parents[2]
# A Redis database of its own, so nothing else queued on the machine reaches this worker.
TEST_REDIS_DB = 13


def _needs_services() -> None:
    if connection.vendor != "postgresql" or not settings.REDIS_URL:
        pytest.skip("needs PostgreSQL (DATABASE_URL) and Redis (REDIS_URL)")


def _redis_url(db: int) -> str:
    parts = urlsplit(settings.REDIS_URL)
    return urlunsplit((parts.scheme, parts.netloc, f"/{db}", "", ""))


def _use_broker(url: str) -> None:
    celery_app.conf.broker_url = url
    celery_app.conf.task_always_eager = False
    # Drop pooled connections (Celery's and kombu's global producer pools) so
    # the next publish connects to the new URL.
    celery_app.pool.force_close_all()
    celery_app._pool = None
    celery_app.amqp._producer_pool = None
    kombu_pools.reset()


def _sent_messages(mail_dir: Path) -> list[str]:
    recipients = []
    for path in mail_dir.glob("*.log"):
        recipients += [line[4:].strip() for line in path.read_text().splitlines() if line.startswith("To: ")]
    return sorted(recipients)


def _wait_for(predicate, timeout: float = 60.0) -> bool:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if predicate():
            return True
        time.sleep(0.25)
    return predicate()


@pytest.fixture
def worker(tmp_path, transactional_db) -> Iterator[Path]:
    _needs_services()
    import redis

    redis.Redis.from_url(_redis_url(TEST_REDIS_DB)).flushdb()
    mail_dir = tmp_path / "mail"
    mail_dir.mkdir()
    db = connection.settings_dict
    host, port = db["HOST"] or "127.0.0.1", db["PORT"] or 5432
    database_url = f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{host}:{port}/{db['NAME']}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tolyatti_portal.settings.dev",
        "DATABASE_URL": database_url,
        "REDIS_URL": _redis_url(TEST_REDIS_DB),
        "EMAIL_BACKEND": "django.core.mail.backends.filebased.EmailBackend",
        "EMAIL_FILE_PATH": str(mail_dir),
        "DATABASE_CONN_MAX_AGE": "0",
    }
    log = tmp_path / "worker.log"
    process = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tolyatti_portal", "worker", "--loglevel=INFO", "--concurrency=2",
         "--without-gossip", "--without-mingle", "-n", f"test-{uuid.uuid4().hex[:8]}@%h", "--logfile", str(log)],
        cwd=ROOT, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.STDOUT,
    )
    previous = (celery_app.conf.broker_url, celery_app.conf.task_always_eager)
    try:
        assert _wait_for(lambda: log.exists() and "ready." in log.read_text(), 60), "worker did not start"
        _use_broker(_redis_url(TEST_REDIS_DB))
        yield mail_dir
    finally:
        process.terminate()
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
        _use_broker(previous[0])
        celery_app.conf.task_always_eager = previous[1]
        if log.exists():
            print(log.read_text()[-3000:])


@pytest.fixture
def published(db):
    # transactional_db is active through the worker fixture; build the same cast as the unit tests.
    from initiatives.models import CoauthorInvitation, Follow
    from tests.factories import MicrodistrictFactory, StaffUserFactory, UserFactory
    from tests.notifications.conftest import make_initiative

    place = MicrodistrictFactory()
    author, coauthor, follower = UserFactory(), UserFactory(), UserFactory()
    moderator = StaffUserFactory(role="moderator", moderated_district=place.district)
    initiative = make_initiative(author=author, microdistrict=place)
    CoauthorInvitation.objects.create(
        initiative=initiative, email=coauthor.email, invited_by=author, user=coauthor, status="accepted"
    )
    Follow.objects.create(initiative=initiative, user=follower)
    return initiative, moderator, sorted(u.email for u in (author, coauthor, follower))


def test_status_change_is_delivered_once_by_a_real_worker(worker, published):
    initiative, moderator, expected = published
    initiative_services.initiative_forward(initiative, actor=moderator, reason="Передано в совет микрорайона")
    assert _wait_for(lambda: len(_sent_messages(worker)) >= 3, 60), "e-mails were not delivered"
    time.sleep(2)  # anything sent twice would show up by now
    assert _sent_messages(worker) == expected
    assert Notification.objects.filter(email_status="sent").count() == 3


def test_broker_down_at_the_change_then_the_sweep_delivers_once(worker, published, settings):
    initiative, moderator, expected = published
    good_broker = celery_app.conf.broker_url
    _use_broker("redis://127.0.0.1:1/0")  # nothing listens there
    started = time.monotonic()
    initiative_services.initiative_forward(initiative, actor=moderator)
    elapsed = time.monotonic() - started
    initiative.refresh_from_db()
    assert initiative.status == "consideration"
    assert elapsed < 10, f"the change waited {elapsed:.1f}s for the broker"
    assert Event.objects.get(kind=Kind.STATUS_CHANGED).expanded_at is None
    time.sleep(1)
    assert _sent_messages(worker) == []

    _use_broker(good_broker)
    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 0
    from notifications.services import sweep

    sweep()
    assert _wait_for(lambda: len(_sent_messages(worker)) >= 3, 60), "the sweep did not deliver"
    sweep()
    sweep()
    time.sleep(3)
    assert _sent_messages(worker) == expected
