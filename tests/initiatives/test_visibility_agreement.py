"""Who may see an initiative is decided twice — as a query for lists, as a check on a row — and the two agree.

Every status × {published or not} × {submitted or not} × every kind of viewer:
`Initiative.objects.visible_to(user)` contains the initiative exactly when
`permissions.can_view(user, initiative)` says yes.
"""

from __future__ import annotations

import itertools

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from initiatives import permissions
from initiatives.models import Initiative
from tests.factories import (
    DistrictFactory,
    MicrodistrictFactory,
    MicrodistrictManagerFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.initiatives.factories import InitiativeFactory, add_coauthor

pytestmark = pytest.mark.django_db

VIEWERS = (
    "anonymous", "resident", "author", "coauthor", "district_moderator", "other_district_moderator",
    "city_moderator", "administrator", "superuser", "manager", "inactive_moderator",
)


@pytest.fixture
def world():
    district, other = DistrictFactory(), DistrictFactory()
    microdistrict = MicrodistrictFactory(district=district)
    manager = StaffUserFactory(role="microdistrict_manager", mfa=False)
    MicrodistrictManagerFactory(user=manager, district=district, microdistricts=[microdistrict])
    viewers = {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(),
        "district_moderator": StaffUserFactory(role="moderator", moderated_district=district, mfa=False),
        "other_district_moderator": StaffUserFactory(role="moderator", moderated_district=other, mfa=False),
        "city_moderator": StaffUserFactory(role="moderator", mfa=False),
        "administrator": StaffUserFactory(role="administrator", mfa=False),
        "superuser": UserFactory(is_superuser=True, is_staff=True),
        "manager": manager,
        "inactive_moderator": StaffUserFactory(role="moderator", is_active=False, mfa=False),
    }
    return microdistrict, viewers


def test_list_query_and_row_check_agree_for_every_status_and_viewer(world):
    microdistrict, viewers = world
    now = timezone.now()
    initiatives = []
    for status, published, submitted in itertools.product(Initiative.Status.values, (False, True), (False, True)):
        initiative = InitiativeFactory(
            status=status, microdistrict=microdistrict, published_at=now if published else None,
            submitted_at=now if submitted else None,
        )
        initiative.coauthor = add_coauthor(initiative)
        initiatives.append(initiative)
    disagreements = []
    for name in VIEWERS:
        for initiative in initiatives:
            user = viewers.get(name) or (initiative.author if name == "author" else initiative.coauthor)
            by_query = Initiative.objects.visible_to(user).filter(pk=initiative.pk).exists()
            by_check = permissions.can_view(user, initiative)
            if by_query != by_check:
                disagreements.append(
                    f"{name} / {initiative.status} published={bool(initiative.published_at)} "
                    f"submitted={bool(initiative.submitted_at)}: query {by_query}, check {by_check}"
                )
    assert not disagreements, "\n".join(disagreements)


def test_the_rules_themselves_on_a_few_cases(world):
    microdistrict, viewers = world
    draft = InitiativeFactory(status=Initiative.Status.DRAFT, microdistrict=microdistrict, submitted_at=None)
    published = InitiativeFactory(status=Initiative.Status.PUBLISHED, microdistrict=microdistrict,
                                  published_at=timezone.now())
    assert not permissions.can_view(viewers["administrator"], draft)
    assert permissions.can_view(draft.author, draft)
    assert all(permissions.can_view(viewers[name], published) for name in viewers)
