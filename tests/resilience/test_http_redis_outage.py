"""Through HTTP, with production settings: Redis killed, then frozen, then back.

gunicorn (2 sync workers, 30 s timeout, production settings) serves a test
database on PostgreSQL and a redis-server of the test's own. While Redis is
down and while it is frozen: no page answers 5xx, pages stay fast, a resident's
comment and support are saved. Once Redis is back the outbox sweep delivers
every notification, each e-mail once.

Before the fix every anonymous page answered 500 with Redis killed (the cache
raised), the support and comment POSTs answered 500 and were not saved (the rate
limiter raised), and a frozen Redis held every worker.
"""

from __future__ import annotations

import http.client
import json
import os
import subprocess
import sys
import time
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.urls import reverse

from tests.resilience.conftest import free_port, wait_until

ROOT = Path(__file__).resolve().parents[2]
HOST = "portal.test"
CSRF = "a" * 32
# gunicorn's secret: the session made here is signed (and its auth hash salted) with it.
SECRET_KEY = "fault-test-" + "x7Kq2mZp9R" * 6
RESULTS = Path(os.environ.get("FAULT_RESULTS_DIR", ROOT / "var" / "fault-results"))

pytestmark = [pytest.mark.faults, pytest.mark.postgres]


@dataclass
class Tally:
    requests: int = 0
    statuses: Counter = field(default_factory=Counter)
    slowest: float = 0.0

    def record(self, status: int, took: float) -> None:
        self.requests += 1
        self.statuses[status] += 1
        self.slowest = max(self.slowest, took)

    @property
    def server_errors(self) -> int:
        return sum(n for status, n in self.statuses.items() if status >= 500)


class Portal:
    def __init__(self, port: int, session: str) -> None:
        self.port, self.session = port, session

    def request(self, method: str, path: str, *, logged_in: bool, body: dict | None = None) -> tuple[int, float]:
        cookies = [f"csrftoken={CSRF}"] + ([f"sessionid={self.session}"] if logged_in else [])
        headers = {"Host": HOST, "X-Forwarded-Proto": "https", "Cookie": "; ".join(cookies)}
        data = None
        if method == "POST":
            from urllib.parse import urlencode

            data = urlencode(body or {})
            headers |= {"X-CSRFToken": CSRF, "Referer": f"https://{HOST}{path}",
                        "Content-Type": "application/x-www-form-urlencoded"}
        started = time.monotonic()
        conn = http.client.HTTPConnection("127.0.0.1", self.port, timeout=40)
        try:
            conn.request(method, path, body=data, headers=headers)
            response = conn.getresponse()
            status = response.status
            self.last_location = response.getheader("Location", "")
        except (OSError, http.client.HTTPException):
            status = 599  # dropped: gunicorn killed the worker
        finally:
            conn.close()
        return status, time.monotonic() - started


@pytest.fixture
def cast(transactional_db, settings):
    from initiatives.models import Initiative
    from tests.factories import UserFactory
    from tests.initiatives.factories import InitiativeFactory

    author, resident = UserFactory(), UserFactory()
    initiative = InitiativeFactory(author=author, status=Initiative.Status.PUBLISHED, support_threshold=1)
    settings.SECRET_KEY = SECRET_KEY
    client = Client()
    client.force_login(resident)
    return initiative, author, resident, client.cookies["sessionid"].value


@pytest.fixture
def gunicorn(cast, redis_server, smtp_sink, tmp_path) -> Iterator[Portal]:
    if connection.vendor != "postgresql":
        pytest.skip("production settings need PostgreSQL")
    db = connection.settings_dict
    port = free_port()
    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT),
        "DJANGO_SETTINGS_MODULE": "tests.resilience.prod_settings",
        "DJANGO_SECRET_KEY": SECRET_KEY,
        "DJANGO_ALLOWED_HOSTS": HOST,
        "DATABASE_URL": f"postgres://{db['USER']}:{db['PASSWORD'] or ''}@{db['HOST'] or '127.0.0.1'}:"
                        f"{db['PORT'] or 5432}/{db['NAME']}",
        "REDIS_URL": redis_server.url(0),
        "EMAIL_HOST": "127.0.0.1", "EMAIL_PORT": str(smtp_sink.port), "EMAIL_TIMEOUT": "1",
        "MEDIA_ROOT": str(tmp_path / "media"),
    }
    env.pop("PROCESS_ROLE", None)
    log = (tmp_path / "gunicorn.log").open("w")
    process = subprocess.Popen(
        [str(Path(sys.executable).with_name("gunicorn")), "tolyatti_portal.wsgi", "--bind", f"127.0.0.1:{port}",
         "--workers", "2", "--timeout", "30", "--env", "DJANGO_SETTINGS_MODULE=tests.resilience.prod_settings"],
        cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
    )
    portal = Portal(port, cast[3])
    try:
        started = wait_until(
            lambda: process.poll() is not None or portal.request("GET", "/healthz", logged_in=False)[0] == 200, 30
        )
        assert started and process.poll() is None, (tmp_path / "gunicorn.log").read_text()[-3000:]
        yield portal
    finally:
        process.terminate()
        try:
            process.wait(15)
        except subprocess.TimeoutExpired:
            process.kill()
        log.close()


def _pages(initiative) -> list[str]:
    return [reverse("home"), reverse("initiatives:list"), reverse("initiatives:detail", args=[initiative.pk]),
            reverse("councils:council_list")]


def _browse(portal: Portal, pages: list[str], tally: Tally, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        for path in pages:
            for logged_in in (False, True):
                tally.record(*portal.request("GET", path, logged_in=logged_in))


def test_redis_down_or_frozen_pages_serve_and_changes_are_saved_and_notified_once(
    gunicorn, cast, redis_server, smtp_sink, settings
):
    from initiatives.models import Comment, Support
    from notifications import services
    from notifications.models import Event, Notification

    initiative, _author, resident, _ = cast
    pages = _pages(initiative)
    figures: dict = {}

    up = Tally()
    _browse(gunicorn, pages, up, 1.0)
    assert up.server_errors == 0, up.statuses

    # Redis killed: pages, then a comment.
    redis_server.kill()
    killed = Tally()
    _browse(gunicorn, pages, killed, 3.0)
    comment_status, comment_took = gunicorn.request(
        "POST", reverse("initiatives:comment_add", args=[initiative.pk]), logged_in=True,
        body={"body": "Поддерживаю, давно пора."},
    )
    comment_location = gunicorn.last_location
    _browse(gunicorn, pages, killed, 1.0)
    ready_down = gunicorn.request("GET", "/readyz", logged_in=False)[0]

    # Redis back but frozen (SIGSTOP): connections are accepted, nothing answers.
    redis_server.start()
    redis_server.freeze()
    frozen = Tally()
    try:
        _browse(gunicorn, pages, frozen, 3.0)
        support_status, support_took = gunicorn.request(
            "POST", reverse("initiatives:support", args=[initiative.pk]), logged_in=True
        )
        _browse(gunicorn, pages, frozen, 1.0)
    finally:
        redis_server.thaw()

    # Both changes were saved during the outage, their events wait for the sweep.
    assert comment_status == 302 and comment_location.endswith("#comment-" + str(
        Comment.objects.filter(author=resident).values_list("pk", flat=True).first())), comment_location
    assert comment_status == 302 and Comment.objects.filter(initiative=initiative, author=resident).count() == 1
    assert support_status == 302 and Support.objects.filter(initiative=initiative, user=resident).count() == 1
    waiting = Event.objects.filter(expanded_at__isnull=True).count()
    assert waiting >= 2
    assert killed.server_errors == 0, killed.statuses
    assert frozen.server_errors == 0, frozen.statuses
    assert killed.slowest < 2.0 and frozen.slowest < 2.0, (killed.slowest, frozen.slowest)

    # Redis is back: the sweep (beat, every minute) delivers; here it runs in-process.
    back = time.monotonic()
    assert wait_until(lambda: gunicorn.request("GET", "/readyz", logged_in=False)[0] == 200, 15)
    ready_after = time.monotonic() - back
    settings.NOTIFICATIONS_SWEEP_GRACE_SECONDS = 0
    for _ in range(3):  # a repeated sweep must not send anything again
        services.sweep()
    delivered = time.monotonic() - back
    expected = Notification.objects.exclude(email_status="skipped").count()
    received = smtp_sink.received()
    ids = smtp_sink.message_ids()
    assert expected >= 2
    assert sum(received.values()) == expected, (received, expected)
    assert len(ids) == len(set(ids)), "an e-mail was sent twice"
    assert set(Notification.objects.exclude(email_status="skipped").values_list("email_status", flat=True)) == {
        "sent"
    }

    figures = {
        "redis_up": {"requests": up.requests, "5xx": up.server_errors, "slowest_s": round(up.slowest, 3)},
        "redis_killed": {"requests": killed.requests, "5xx": killed.server_errors,
                         "slowest_s": round(killed.slowest, 3), "statuses": dict(killed.statuses)},
        "redis_frozen": {"requests": frozen.requests, "5xx": frozen.server_errors,
                         "slowest_s": round(frozen.slowest, 3), "statuses": dict(frozen.statuses)},
        "comment_post": {"status": comment_status, "seconds": round(comment_took, 3)},
        "support_post": {"status": support_status, "seconds": round(support_took, 3)},
        "readyz_while_down": ready_down,
        "readyz_ok_after_s": round(ready_after, 2),
        "events_waiting_for_sweep": waiting,
        "emails_expected": expected, "emails_received": sum(received.values()),
        "emails_duplicated": len(ids) - len(set(ids)),
        "delivered_after_redis_back_s": round(delivered, 2),
    }
    RESULTS.mkdir(parents=True, exist_ok=True)
    (RESULTS / "http_redis_outage.json").write_text(json.dumps(figures, indent=2, ensure_ascii=False))
    assert ready_down == 503
