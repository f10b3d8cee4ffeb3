"""Role groups and the district scope of staff."""

from __future__ import annotations

import pytest
from django.contrib.auth.models import Group

from accounts import roles
from tests.factories import MicrodistrictManagerFactory, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_role_groups_exist_after_migrate_with_their_permissions():
    names = set(Group.objects.values_list("name", flat=True))
    assert set(roles.ALL_ROLES) <= names
    moderator = Group.objects.get(name=roles.MODERATOR)
    assert moderator.permissions.filter(codename="change_council").exists()
    assert not moderator.permissions.filter(codename="change_district").exists()
    assert not Group.objects.get(name=roles.RESIDENT).permissions.exists()


def test_sync_role_groups_is_idempotent_and_repairs_drift():
    group = Group.objects.get(name=roles.MODERATOR)
    group.permissions.clear()
    roles.sync_role_groups()
    roles.sync_role_groups()
    assert group.permissions.count() == len(roles.ROLE_PERMISSIONS[roles.MODERATOR])


def test_new_user_is_a_resident():
    assert UserFactory().groups.filter(name=roles.RESIDENT).exists()


def test_scope_of_each_role(district):
    assert roles.scoped_district_id(UserFactory(is_superuser=True, is_staff=True)) is None
    assert roles.scoped_district_id(StaffUserFactory(role=roles.ADMINISTRATOR)) is None
    assert roles.scoped_district_id(StaffUserFactory(role=roles.MODERATOR, moderated_district=district)) == district.pk
    assert roles.scoped_district_id(StaffUserFactory(role=roles.MODERATOR)) is None
    manager_user = StaffUserFactory(role=roles.MANAGER)
    MicrodistrictManagerFactory(user=manager_user, district=district)
    assert roles.scoped_district_id(manager_user) == district.pk
    # A staff account with no role sees nothing rather than the whole city.
    assert roles.scoped_district_id(UserFactory(is_staff=True)) == -1
