"""Shared fixtures. The header says which database the suite runs on (CI: PostgreSQL)."""

from __future__ import annotations

import importlib

import pytest
from django.conf import settings
from django.utils import translation


def pytest_report_header(config: pytest.Config) -> list[str]:
    db = settings.DATABASES["default"]
    vendor = db["ENGINE"].rsplit(".", 1)[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return [f"database: {vendor} ({db.get('NAME')}); cache: {cache}; redis: {settings.REDIS_URL or 'not configured'}"]


def pytest_collection_modifyitems(config: pytest.Config, items: list[pytest.Item]) -> None:
    """Tests marked `postgres` are skipped on another database before any database is set up.

    Skipping inside the test (or an autouse fixture) would first create the test
    database and, for transactional tests, flush it afterwards, for nothing.
    """
    if settings.DATABASES["default"]["ENGINE"].endswith("postgresql"):
        return
    skip = pytest.mark.skip(reason="needs PostgreSQL (DATABASE_URL)")
    for item in items:
        if item.get_closest_marker("postgres"):
            item.add_marker(skip)


def _reseed_reference_data() -> None:
    """Put back what data migrations seed; a transactional test's flush removes it."""
    from django.apps import apps

    from accounts.models import ConsentText
    from initiatives.models import Category

    if Category.objects.exists() and ConsentText.objects.exists():
        return
    for module, function in (
        ("initiatives.migrations.0002_seed_reference_data", "seed"),
        ("initiatives.migrations.0012_reference_data_in_english", "fill_english"),
        ("accounts.migrations.0003_consent_text_v1", "create_v1"),
    ):
        getattr(importlib.import_module(module), function)(apps, None)


@pytest.fixture(autouse=True)
def _reference_data(request: pytest.FixtureRequest) -> None:
    # Tests that run in real transactions (concurrency, real workers) end with a
    # flush, which also empties the seeded categories, national projects, support
    # rules and consent text; the next test that touches the database gets them back.
    marker = request.node.get_closest_marker("django_db")
    transactional = bool(marker and marker.kwargs.get("transaction")) or "transactional_db" in request.fixturenames
    if not (marker or transactional or "db" in request.fixturenames):
        return
    request.getfixturevalue("transactional_db" if transactional else "db")
    _reseed_reference_data()


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.PRIVATE_MEDIA_ROOT = tmp_path / "private-media"


@pytest.fixture(autouse=True)
def _default_language():
    """Every test starts and ends with no language activated (the default, Russian).

    A request with the English cookie activates English for the thread (LocaleMiddleware does
    not undo it), which leaked into whatever ran next: messages, and rows the next test's
    factories created (`name=` goes to the active language's column of a translated field).
    """
    translation.deactivate()
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


# The test settings switch the fragment cache off (tests read pages right after changing data);
# tests of the caches themselves turn real, local-memory stores on with this.
LOCAL_CACHES = {
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-default"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "tests-fragments"},
}


@pytest.fixture
def local_caches():
    """Real default and fragment caches (local memory, empty at both ends); yields the fragment cache."""
    from django.core.cache import caches
    from django.test import override_settings

    with override_settings(CACHES=LOCAL_CACHES):
        caches["default"].clear()
        caches["fragments"].clear()
        yield caches["fragments"]
        caches["default"].clear()
        caches["fragments"].clear()


@pytest.fixture
def resident(db):
    from tests.factories import UserFactory

    return UserFactory()


@pytest.fixture
def district(db):
    from tests.factories import DistrictFactory

    return DistrictFactory()


@pytest.fixture
def other_district(db):
    from tests.factories import DistrictFactory

    return DistrictFactory()


@pytest.fixture
def moderator(db, district):
    from tests.factories import StaffUserFactory

    return StaffUserFactory(role="moderator", moderated_district=district)


@pytest.fixture
def city_moderator(db):
    from tests.factories import StaffUserFactory

    return StaffUserFactory(role="moderator")


@pytest.fixture
def superuser(db):
    from accounts.mfa import enrol_totp
    from tests.factories import STAFF_TOTP_SECRET, UserFactory

    user = UserFactory(is_staff=True, is_superuser=True)
    enrol_totp(user, STAFF_TOTP_SECRET)  # the admin opens only with a second factor
    return user
