"""Benchmark: one status change with 10,000 followers.

Measures (1) how long the change itself takes — what a moderator's web request
waits for: it must not include the fan-out — and (2) how many e-mails per second
a real `celery worker` delivers to an SMTP server.

Needs PostgreSQL and Redis. Usage:

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tolyatti_bench \
    REDIS_URL=redis://127.0.0.1:6379/12 .venv/bin/python bench/notifications_fanout.py [--followers 10000]

The database named in DATABASE_URL is dropped and recreated.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tolyatti_portal.settings.dev")


class CountingHandler:
    def __init__(self) -> None:
        self.count = 0
        self.lock = threading.Lock()

    async def handle_DATA(self, server, session, envelope) -> str:
        with self.lock:
            self.count += len(envelope.rcpt_tos)
        return "250 OK"


def recreate_database(url: str) -> None:
    from urllib.parse import urlsplit

    import psycopg2

    parts = urlsplit(url)
    name = parts.path.lstrip("/")
    admin = psycopg2.connect(host=parts.hostname, port=parts.port or 5432, user=parts.username or "postgres",
                             password=parts.password or "", dbname="postgres")
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        cursor.execute(f'CREATE DATABASE "{name}"')
    admin.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--followers", type=int, default=10_000)
    parser.add_argument("--concurrency", type=int, default=2)
    args = parser.parse_args()
    database_url, redis_url = os.environ.get("DATABASE_URL", ""), os.environ.get("REDIS_URL", "")
    if not database_url.startswith("postgres") or not redis_url:
        sys.exit("Set DATABASE_URL (PostgreSQL) and REDIS_URL.")

    recreate_database(database_url)
    subprocess.run([sys.executable, "manage.py", "migrate", "-v0"], cwd=ROOT, check=True)

    import socket

    from aiosmtpd.controller import Controller

    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        smtp_port = probe.getsockname()[1]
    handler = CountingHandler()
    smtp = Controller(handler, hostname="127.0.0.1", port=smtp_port)
    smtp.start()

    import logging

    import django

    django.setup()
    logging.getLogger("mail.log").setLevel(logging.WARNING)
    import redis
    from django.utils import timezone

    from accounts.models import User
    from councils.models import District, Microdistrict
    from initiatives import services
    from initiatives.models import Category, Follow, Initiative
    from notifications.models import Notification

    redis.Redis.from_url(redis_url).flushdb()
    district = District.objects.create(name="Автозаводский", slug="avtozavodsky")
    place = Microdistrict.objects.create(district=district, name="7 квартал", slug="kvartal-7", number=7)
    author = User.objects.create_user("author@bench.local", None, display_name="Автор")
    moderator = User.objects.create_user("moderator@bench.local", None, display_name="Модератор", is_superuser=True)
    print(f"creating {args.followers} followers…", flush=True)
    users = User.objects.bulk_create(
        [User(email=f"f{i}@bench.local", display_name=f"Житель {i}") for i in range(args.followers)],
        batch_size=5000,
    )
    initiative = Initiative.objects.create(
        title="Сквер на бульваре Татищева", summary="Благоустроить сквер.", category=Category.objects.first(),
        scope="microdistrict", microdistrict=place, district=district, author=author, status="published",
        published_at=timezone.now(), support_threshold=100_000,
        collection_deadline=timezone.localdate() + timezone.timedelta(days=30),
    )
    Follow.objects.bulk_create([Follow(initiative=initiative, user=u) for u in users], batch_size=5000)
    # A second initiative with one follower warms the database and broker connections,
    # so the measured change is the steady-state cost of a moderator's request.
    warm_up = Initiative.objects.create(
        title="Разминка", summary="-", category=Category.objects.first(), scope="microdistrict",
        microdistrict=place, district=district, author=author, status="published", published_at=timezone.now(),
        support_threshold=100_000, collection_deadline=timezone.localdate() + timezone.timedelta(days=30),
    )

    env = {
        **os.environ, "EMAIL_BACKEND": "django.core.mail.backends.smtp.EmailBackend", "EMAIL_HOST": "127.0.0.1",
        "EMAIL_PORT": str(smtp_port), "DJANGO_SETTINGS_MODULE": "tolyatti_portal.settings.dev",
        "DJANGO_DEBUG": "0",
    }
    worker = subprocess.Popen(
        [sys.executable, "-m", "celery", "-A", "tolyatti_portal", "worker", "--loglevel=WARNING",
         f"--concurrency={args.concurrency}", "--without-gossip", "--without-mingle"],
        cwd=ROOT, env=env,
    )
    try:
        time.sleep(6)  # let the worker connect
        from tolyatti_portal.celery import app

        app.conf.task_always_eager = False
        services.initiative_forward(warm_up, actor=moderator)
        while handler.count < 1:
            time.sleep(0.1)
        handler.count = 0
        timings = []
        started = time.perf_counter()
        services.initiative_forward(initiative, actor=moderator, reason="Передано в совет микрорайона")
        timings.append(time.perf_counter() - started)
        committed = time.monotonic()
        expected = args.followers + 1  # followers and the author
        while handler.count < expected and time.monotonic() - committed < 900:
            time.sleep(0.5)
        elapsed = time.monotonic() - committed
        sent = Notification.objects.filter(email_status="sent").count()
        print(f"status change (the moderator's request): {statistics.mean(timings) * 1000:.1f} ms")
        print(f"e-mails received by SMTP: {handler.count}, marked sent: {sent}, expected: {expected}")
        print(f"delivery: {elapsed:.1f} s from commit, {handler.count / elapsed:.0f} e-mails/s "
              f"with {args.concurrency} worker processes")
    finally:
        worker.terminate()
        worker.wait(timeout=30)
        smtp.stop()


if __name__ == "__main__":
    main()
