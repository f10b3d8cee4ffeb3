"""Shared fixtures for initiatives tests.

One initiative group runs through all fixtures: ``author`` with ``coauthor`` (an accepted
co-author) writes every ``*_initiative`` here, in ``microdistrict`` of ``district`` — the
district of the ``moderator`` fixture from tests/conftest.py. ``other_moderator`` works
in ``other_district``. Build more with ``make_initiative(status=..., **fields)`` or the
factories in tests/initiatives/factories.py.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.test import Client
from django.utils import timezone

from initiatives.models import Initiative
from tests.factories import MicrodistrictFactory, StaffUserFactory, UserFactory

from .factories import InitiativeFactory, add_coauthor

S = Initiative.Status


@pytest.fixture
def microdistrict(db, district):
    return MicrodistrictFactory(district=district, name="3 квартал", slug="kvartal-3-test")


@pytest.fixture
def other_microdistrict(db, other_district):
    return MicrodistrictFactory(district=other_district)


@pytest.fixture
def other_moderator(db, other_district):
    return StaffUserFactory(role="moderator", moderated_district=other_district)


@pytest.fixture
def author(db):
    return UserFactory(display_name="Анна К.", email="anna.author@example.org")


@pytest.fixture
def coauthor(db):
    return UserFactory(display_name="Борис С.", email="boris.coauthor@example.org")


@pytest.fixture
def make_initiative(author, coauthor, microdistrict) -> Callable[..., Initiative]:
    """Create an initiative of the author's group; ``with_coauthor=False`` leaves the co-author out."""

    def make(*, with_coauthor: bool = True, **fields) -> Initiative:
        fields.setdefault("author", author)
        fields.setdefault("microdistrict", microdistrict)
        initiative = InitiativeFactory(**fields)
        if with_coauthor:
            add_coauthor(initiative, coauthor)
        return initiative

    return make


@pytest.fixture
def published_initiative(make_initiative) -> Initiative:
    return make_initiative(title="Детская площадка во дворе на бульваре Гая", status=S.PUBLISHED)


@pytest.fixture
def draft_initiative(make_initiative) -> Initiative:
    return make_initiative(title="Черновик: скамейки у подъезда", status=S.DRAFT)


@pytest.fixture
def moderation_initiative(make_initiative) -> Initiative:
    return make_initiative(title="На модерации: освещение сквера", status=S.MODERATION)


@pytest.fixture
def revision_initiative(make_initiative) -> Initiative:
    return make_initiative(title="На доработке: велопарковка у школы", status=S.REVISION)


@pytest.fixture
def rejected_initiative(make_initiative) -> Initiative:
    return make_initiative(title="Отклонена: фонтан на площади Свободы", status=S.REJECTED)


@pytest.fixture
def withdrawn_draft_initiative(make_initiative) -> Initiative:
    """Withdrawn by the author before publication: stays private to the group and moderators."""
    return make_initiative(title="Отозвана до публикации: клумба", status=S.WITHDRAWN, published_at=None)


@pytest.fixture
def withdrawn_published_initiative(make_initiative) -> Initiative:
    """Withdrawn by the author during collection: public (its timeline shows it) but not listed."""
    return make_initiative(
        title="Отозвана во время сбора: парковка", status=S.WITHDRAWN,
        published_at=timezone.now() - dt.timedelta(days=3),
    )


@pytest.fixture
def login() -> Callable[..., Client]:
    """``login(user)`` → a test client logged in as ``user`` (``login(None)`` → anonymous)."""

    def make(user=None) -> Client:
        client = Client()
        if user is not None:
            client.force_login(user)
        return client

    return make


@pytest.fixture
def queue(district, other_district):
    """Initiatives of both districts and city-wide ones, in several statuses, plus a private draft (admin tests)."""
    from .admin_helpers import S, city_initiative, make_initiative

    return {
        "own": make_initiative(district, S.MODERATION),
        "own_published": make_initiative(district, S.PUBLISHED),
        "other": make_initiative(other_district, S.MODERATION),
        "city": city_initiative(S.MODERATION),
        "draft": make_initiative(district, S.DRAFT),
    }
