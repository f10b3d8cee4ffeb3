"""A dependency that is down gives a friendly Russian 503 with Retry-After, not a 500.

And on PostgreSQL a web request meets the web role's lock_timeout: a table locked
for longer gives a 503 within seconds, instead of holding the worker until
gunicorn kills it (the killed worker's database session went on waiting).
"""

from __future__ import annotations

import threading
import time

import psycopg2
import pytest
from django.db import connection
from django.test import Client

from tolyatti_portal.settings.roles import DATABASE_TIMEOUTS, apply_database_timeouts, detect_role, postgres_options


@pytest.fixture
def client_500() -> Client:
    return Client(raise_request_exception=False)


@pytest.mark.django_db
@pytest.mark.urls("tests.resilience.failing_urls")
@pytest.mark.parametrize("kind", ["database", "redis"])
def test_dependency_down_gives_a_friendly_503(client_500, kind):
    response = client_500.get(f"/__fail__/{kind}/")
    assert response.status_code == 503
    assert response["Retry-After"] == "30"
    assert "Портал временно недоступен" in response.content.decode()


@pytest.mark.django_db
@pytest.mark.urls("tests.resilience.failing_urls")
def test_a_bug_is_still_a_500(client_500):
    response = client_500.get("/__fail__/bug/")
    assert response.status_code == 500 and "Retry-After" not in response


@pytest.mark.parametrize(
    ("argv", "role"),
    [
        (["/srv/.venv/bin/gunicorn", "tolyatti_portal.wsgi"], "web"),
        (["/srv/.venv/bin/celery", "-A", "tolyatti_portal", "worker"], "worker"),
        (["/usr/lib/python3/site-packages/celery/__main__.py", "beat"], "worker"),
        (["manage.py", "migrate", "--noinput"], "migrate"),
        (["manage.py", "runserver"], "web"),
        (["manage.py", "load_demo"], "worker"),
    ],
)
def test_process_role_is_guessed_from_the_command_line(argv, role):
    assert detect_role(argv) == role


def test_web_timeouts_stay_below_gunicorns_and_tasks_get_longer_ones():
    web, worker, migrate = DATABASE_TIMEOUTS["web"], DATABASE_TIMEOUTS["worker"], DATABASE_TIMEOUTS["migrate"]
    assert 0 < web["lock_timeout"] < web["statement_timeout"] < 30_000  # gunicorn's timeout is 30 s
    assert worker["statement_timeout"] > web["statement_timeout"] and worker["lock_timeout"] > web["lock_timeout"]
    assert migrate["statement_timeout"] == 0 and migrate["lock_timeout"] > web["lock_timeout"]
    database = apply_database_timeouts({"ENGINE": "django.db.backends.postgresql"}, "web", {"lock_timeout": 500})
    assert "-c lock_timeout=500" in database["OPTIONS"]["options"]
    assert "-c statement_timeout=10000" in database["OPTIONS"]["options"]
    assert apply_database_timeouts({"ENGINE": "django.db.backends.sqlite3"}, "web", {}) == {
        "ENGINE": "django.db.backends.sqlite3"
    }


@pytest.mark.postgres
@pytest.mark.faults
@pytest.mark.django_db(transaction=True)
def test_locked_table_gives_a_503_within_the_web_lock_timeout(client_500, settings):
    if connection.vendor != "postgresql":
        pytest.skip("needs PostgreSQL")
    db = connection.settings_dict
    locker = psycopg2.connect(
        dbname=db["NAME"], user=db["USER"], password=db["PASSWORD"], host=db["HOST"] or "127.0.0.1",
        port=db["PORT"] or 5432,
    )
    saved_options = dict(db.get("OPTIONS", {}))
    connection.close()
    db.setdefault("OPTIONS", {})["options"] = postgres_options("web", {})
    try:
        with locker.cursor() as cursor:
            cursor.execute("LOCK TABLE initiatives_initiative IN ACCESS EXCLUSIVE MODE")
        # Whatever happens, the lock goes after 8 s (before the fix the request waited for it).
        release = threading.Timer(8, locker.rollback)
        release.start()
        started = time.monotonic()
        response = client_500.get("/initiatives/")
        took = time.monotonic() - started
        release.cancel()
        locker.rollback()
        from tests.resilience.test_http_redis_outage import RESULTS

        RESULTS.mkdir(parents=True, exist_ok=True)
        (RESULTS / "locked_table.json").write_text(
            f'{{"status": {response.status_code}, "seconds": {took:.2f}, '
            f'"lock_timeout_ms": {DATABASE_TIMEOUTS["web"]["lock_timeout"]}}}'
        )
        assert response.status_code == 503, (response.status_code, took)
        assert response["Retry-After"] == "30"
        assert took < DATABASE_TIMEOUTS["web"]["lock_timeout"] / 1000 + 2
    finally:
        locker.close()
        connection.close()
        db["OPTIONS"] = saved_options
