"""Fixtures for notification tests: a published initiative with its people around it."""

from __future__ import annotations

import pytest
from django.utils import timezone

from initiatives.models import Category, CoauthorInvitation, Follow, Initiative
from tests.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    MicrodistrictFactory,
    MicrodistrictManagerFactory,
    StaffUserFactory,
    UserFactory,
)


def make_initiative(*, author, microdistrict, status=Initiative.Status.PUBLISHED, **extra) -> Initiative:
    now = timezone.now()
    return Initiative.objects.create(
        title=extra.pop("title", "Скамейки во дворе на бульваре Татищева"),
        summary="Поставить пять скамеек у детской площадки.",
        category=Category.objects.first(),
        scope="microdistrict",
        microdistrict=microdistrict,
        district=microdistrict.district,
        author=author,
        status=status,
        published_at=now if status != Initiative.Status.DRAFT else None,
        support_threshold=extra.pop("support_threshold", 100),
        collection_deadline=timezone.localdate() + timezone.timedelta(days=30),
        **extra,
    )


@pytest.fixture
def place(db):
    microdistrict = MicrodistrictFactory()
    return microdistrict


@pytest.fixture
def people(db, place):
    author = UserFactory(display_name="Автор")
    coauthor = UserFactory(display_name="Соавтор")
    follower = UserFactory(display_name="Подписчик")
    moderator = StaffUserFactory(role="moderator", moderated_district=place.district)
    return {"author": author, "coauthor": coauthor, "follower": follower, "moderator": moderator}


@pytest.fixture
def initiative(people, place):
    initiative = make_initiative(author=people["author"], microdistrict=place)
    CoauthorInvitation.objects.create(
        initiative=initiative, email=people["coauthor"].email, invited_by=people["author"],
        user=people["coauthor"], status="accepted",
    )
    Follow.objects.create(initiative=initiative, user=people["follower"])
    return initiative


@pytest.fixture
def council_and_manager(place):
    council = CouncilFactory(microdistrict=place)
    member_user = UserFactory(display_name="Председатель совета")
    CouncilMemberFactory(council=council, user=member_user, role="chair")
    manager_user = StaffUserFactory(role="microdistrict_manager")
    MicrodistrictManagerFactory(user=manager_user, district=place.district, microdistricts=[place])
    return member_user, manager_user
