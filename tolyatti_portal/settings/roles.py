"""Which kind of process this is, and the limits that follow from it.

A web request must fail fast when a dependency hangs (gunicorn kills a worker
after 30 s, and a killed worker's database session keeps waiting), while a
Celery task or a migration may legitimately run longer. PROCESS_ROLE picks
the limits; when it is not set it is guessed from the command line.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from typing import Any

ROLES = ("web", "worker", "migrate")

# Milliseconds; 0 means no limit. Web: below gunicorn's 30 s timeout with room
# for several statements, and a short lock wait so a locked table gives a 503
# in seconds instead of holding every worker. Tasks: below the soft time limit.
# Migrations: no statement limit (data migrations), a minute for locks.
DATABASE_TIMEOUTS: dict[str, dict[str, int]] = {
    "web": {"statement_timeout": 10_000, "lock_timeout": 3_000, "idle_in_transaction_session_timeout": 30_000},
    "worker": {"statement_timeout": 120_000, "lock_timeout": 30_000, "idle_in_transaction_session_timeout": 300_000},
    "migrate": {"statement_timeout": 0, "lock_timeout": 60_000, "idle_in_transaction_session_timeout": 0},
}


def detect_role(argv: Sequence[str]) -> str:
    """Guess the role from the command line: celery → worker, manage.py migrate → migrate."""
    program = os.path.basename(argv[0]) if argv else ""
    if program == "celery" or (program == "__main__.py" and "celery" in argv[0]):  # celery / python -m celery
        return "worker"
    if program == "manage.py" or program.startswith("django-admin"):
        command = argv[1] if len(argv) > 1 else ""
        if command == "migrate":
            return "migrate"
        # runserver serves requests; other commands (load_demo, shell, cron jobs) run like tasks.
        return "web" if command in ("runserver", "") else "worker"
    if program in ("pytest", "py.test") or "pytest" in argv[0]:
        # The suite runs setup, bulk data and concurrency tests: task limits. Web limits
        # have their own tests (tests/resilience/).
        return "worker"
    # gunicorn, uwsgi and anything else that serves requests.
    return "web"


def process_role(explicit: str, argv: Sequence[str]) -> str:
    role = (explicit or "").strip().lower() or detect_role(argv)
    if role not in ROLES:
        raise ValueError(f"PROCESS_ROLE must be one of {', '.join(ROLES)}, not {role!r}")
    return role


def postgres_options(role: str, overrides: dict[str, int | None]) -> str:
    """libpq `options` setting the role's timeouts on every new connection (no extra round trip)."""
    values = {**DATABASE_TIMEOUTS[role], **{k: v for k, v in overrides.items() if v is not None}}
    return " ".join(f"-c {name}={int(value)}" for name, value in values.items())


def apply_database_timeouts(database: dict, role: str, overrides: dict[str, int | None]) -> dict:
    """Add the role's timeouts to a PostgreSQL DATABASES entry; other engines are left alone."""
    if database.get("ENGINE") != "django.db.backends.postgresql":
        return database
    options = database.setdefault("OPTIONS", {})
    existing = options.get("options", "")
    options["options"] = f"{existing} {postgres_options(role, overrides)}".strip()
    return database


def celery_redis_settings(role: str) -> dict[str, Any]:
    """Celery's Redis timeouts and retries (lower-case Celery names) for a role.

    Workers keep a few seconds and a few retries. A web request publishes outbox
    tasks after its commit; when Redis is down or silent that must fail within a
    fraction of a second (the sweep delivers later): no connection retries and
    sub-second connect and socket timeouts.
    """
    if role == "web":
        return {
            "broker_transport_options": {"socket_connect_timeout": 0.3, "socket_timeout": 0.3, "max_retries": 0},
            "broker_connection_timeout": 0.3,
            "broker_connection_max_retries": 0,
            "result_backend_transport_options": {"retry_policy": {"max_retries": 0}},
            "redis_socket_connect_timeout": 0.3,
            "redis_socket_timeout": 0.3,
        }
    return {
        "broker_transport_options": {"socket_connect_timeout": 2, "socket_timeout": 5},
        "broker_connection_timeout": 2,
        "broker_connection_max_retries": 100,
        # The result backend's client retries 20 × 1 s by default; three is plenty.
        "result_backend_transport_options": {"retry_policy": {"max_retries": 3}},
        "redis_socket_connect_timeout": 2,
        "redis_socket_timeout": 5,
    }
