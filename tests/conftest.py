"""Shared fixtures. The header says which database the suite runs on (CI: PostgreSQL)."""

from __future__ import annotations

import pytest
from django.conf import settings


def pytest_report_header(config: pytest.Config) -> list[str]:
    db = settings.DATABASES["default"]
    vendor = db["ENGINE"].rsplit(".", 1)[-1]
    cache = settings.CACHES["default"]["BACKEND"].rsplit(".", 1)[-1]
    return [f"database: {vendor} ({db.get('NAME')}); cache: {cache}; redis: {settings.REDIS_URL or 'not configured'}"]


@pytest.fixture(autouse=True)
def _media_root(settings, tmp_path) -> None:
    settings.MEDIA_ROOT = tmp_path / "media"


@pytest.fixture(autouse=True)
def _clear_cache() -> None:
    from django.core.cache import cache

    cache.clear()


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
    from tests.factories import UserFactory

    return UserFactory(is_staff=True, is_superuser=True)
