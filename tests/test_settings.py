"""Settings chosen by the environment.

Each case imports the settings in a fresh interpreter with a controlled
environment, so the result depends neither on the developer's shell nor on CI's
DATABASE_URL/REDIS_URL, nor on a local .env (its loading is switched off).
"""

from __future__ import annotations

import json
import os
import secrets
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
GOOD_KEY = secrets.token_urlsafe(64)
POSTGRES_URL = "postgres://portal:portal@127.0.0.1:5432/portal"
VALID_PRODUCTION = {
    "DJANGO_SECRET_KEY": GOOD_KEY,
    "DJANGO_ALLOWED_HOSTS": "portal.example.org",
    "DATABASE_URL": POSTGRES_URL,
}
# base.py reads ROOT/.env; a developer's .env must not answer for the variables under test.
NO_DOTENV = "import environ; environ.Env.read_env = classmethod(lambda cls, *args, **kwargs: None)\n"


def run_python(code: str, **env: str) -> subprocess.CompletedProcess[str]:
    clean = {k: v for k, v in os.environ.items() if k in ("PATH", "HOME", "LANG", "LC_ALL", "TMPDIR", "SYSTEMROOT")}
    return subprocess.run(
        [sys.executable, "-c", NO_DOTENV + code],
        cwd=ROOT,
        env={**clean, "PYTHONDONTWRITEBYTECODE": "1", **env},
        capture_output=True,
        text=True,
        timeout=120,
        check=False,
    )


def import_settings(module: str, **env: str) -> subprocess.CompletedProcess[str]:
    return run_python(f"import {module}", **env)


def settings_values(module: str, names: list[str], **env: str) -> dict:
    proc = run_python(
        f"import json, {module} as s\nprint(json.dumps({{n: getattr(s, n) for n in {names!r}}}, default=str))", **env
    )
    assert proc.returncode == 0, proc.stderr
    return json.loads(proc.stdout.strip().splitlines()[-1])


@pytest.mark.parametrize("missing", [*VALID_PRODUCTION, "all"])
def test_production_refuses_to_start_without_required_variable(missing):
    env = {} if missing == "all" else {k: v for k, v in VALID_PRODUCTION.items() if k != missing}
    proc = import_settings("tolyatti_portal.settings.production", **env)
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr
    if missing != "all":
        assert missing in proc.stderr


@pytest.mark.parametrize(
    "key",
    [
        "short-but-random-Zx81",
        "dev-" + GOOD_KEY,
        "django-insecure-" + GOOD_KEY,
        "a" * 60,
    ],
    ids=["short", "dev-prefix", "django-insecure", "repetitive"],
)
def test_production_refuses_insecure_secret_key(key):
    proc = import_settings("tolyatti_portal.settings.production", **{**VALID_PRODUCTION, "DJANGO_SECRET_KEY": key})
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr
    assert "DJANGO_SECRET_KEY" in proc.stderr


def test_production_refuses_sqlite():
    proc = import_settings(
        "tolyatti_portal.settings.production", **{**VALID_PRODUCTION, "DATABASE_URL": "sqlite:////tmp/portal.sqlite3"}
    )
    assert proc.returncode != 0
    assert "ImproperlyConfigured" in proc.stderr
    assert "PostgreSQL" in proc.stderr


def test_production_accepts_valid_environment():
    values = settings_values(
        "tolyatti_portal.settings.production",
        ["DEBUG", "SECURE_SSL_REDIRECT", "SESSION_COOKIE_SECURE", "CSRF_COOKIE_SECURE", "ALLOWED_HOSTS"],
        **VALID_PRODUCTION,
    )
    assert values == {
        "DEBUG": False,
        "SECURE_SSL_REDIRECT": True,
        "SESSION_COOKIE_SECURE": True,
        "CSRF_COOKIE_SECURE": True,
        "ALLOWED_HOSTS": ["portal.example.org"],
    }


def test_production_passes_deploy_check():
    # check --deploy needs no database connection, so a dummy PostgreSQL URL will do.
    proc = run_python(
        "from django.core.management import execute_from_command_line\n"
        "execute_from_command_line(['manage.py', 'check', '--deploy', '--fail-level', 'WARNING'])",
        DJANGO_SETTINGS_MODULE="tolyatti_portal.settings.production",
        **VALID_PRODUCTION,
    )
    assert proc.returncode == 0, proc.stdout + proc.stderr
    assert "no issues" in proc.stdout


CACHE_AND_CELERY = [
    "CACHES",
    "CELERY_TASK_ALWAYS_EAGER",
    "CELERY_BROKER_URL",
    "CELERY_RESULT_BACKEND",
    "REDIS_URL",
]


def test_without_redis_cache_is_local_and_tasks_run_in_process():
    values = settings_values("tolyatti_portal.settings.base", CACHE_AND_CELERY)
    assert values["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert values["CELERY_TASK_ALWAYS_EAGER"] is True
    assert values["CELERY_BROKER_URL"] == "memory://localhost/"
    assert values["REDIS_URL"] == ""


def test_with_redis_cache_and_broker_use_it_and_tasks_go_to_workers():
    url = "redis://127.0.0.1:6399/5"
    values = settings_values("tolyatti_portal.settings.base", CACHE_AND_CELERY, REDIS_URL=url)
    assert values["CACHES"]["default"]["BACKEND"] == "core.cache.FailSoftRedisCache"
    assert values["CACHES"]["default"]["OPTIONS"]["socket_timeout"] < 1
    assert values["CACHES"]["default"]["LOCATION"] == url
    assert values["CELERY_TASK_ALWAYS_EAGER"] is False
    assert values["CELERY_BROKER_URL"] == url
    assert values["CELERY_RESULT_BACKEND"] == url


def test_dev_defaults_need_nothing_installed():
    values = settings_values("tolyatti_portal.settings.dev", ["DEBUG", "DATABASES", "EMAIL_BACKEND", "EMAIL_FILE_PATH"])
    assert values["DEBUG"] is True
    assert values["DATABASES"]["default"]["ENGINE"] == "django.db.backends.sqlite3"
    assert values["DATABASES"]["default"]["NAME"] == str(ROOT / "db.sqlite3")
    assert values["EMAIL_BACKEND"] == "django.core.mail.backends.filebased.EmailBackend"
    assert values["EMAIL_FILE_PATH"] == str(ROOT / "var" / "mail")


def test_production_site_url_defaults_to_https_first_host_and_refuses_plain_http():
    values = settings_values("tolyatti_portal.settings.production", ["SITE_URL"], **VALID_PRODUCTION)
    assert values["SITE_URL"] == "https://portal.example.org"
    proc = import_settings(
        "tolyatti_portal.settings.production", **{**VALID_PRODUCTION, "SITE_URL": "http://portal.example.org"}
    )
    assert proc.returncode != 0 and "SITE_URL" in proc.stderr
