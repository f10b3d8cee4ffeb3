"""The forum organiser runs the forum — programme, registrations, check-in, resolution reports —
and nothing else: no registries, no initiatives, no users."""

from __future__ import annotations

import pytest
from django.urls import reverse

from accounts import roles
from forum import permissions
from tests.factories import StaffUserFactory
from tests.forum.factories import ForumEditionFactory, ResolutionFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def organiser():
    return StaffUserFactory(role=roles.FORUM_ORGANISER)


def test_forum_organiser_is_a_staff_role_of_the_forum(organiser) -> None:
    assert roles.FORUM_ORGANISER in roles.ALL_ROLES and roles.FORUM_ORGANISER in roles.STAFF_ROLES
    assert permissions.is_forum_staff(organiser)
    assert organiser.has_perm("forum.change_forumedition") and organiser.has_perm("forum.change_registration")
    assert organiser.has_perm("forum.add_progressreport")
    assert not organiser.has_perm("forum.delete_forumedition")
    assert not organiser.has_perm("initiatives.change_initiative")
    assert not organiser.has_perm("councils.change_council")
    assert not organiser.has_perm("accounts.change_user")


def test_forum_organiser_works_in_the_forum_admin_only(client, organiser) -> None:
    ResolutionFactory()
    client.force_login(organiser)
    assert client.get(reverse("admin:forum_forumedition_changelist")).status_code == 200
    assert client.get(reverse("admin:forum_resolutionitem_changelist")).status_code == 200
    assert client.get(reverse("admin:initiatives_initiative_changelist")).status_code == 403
    assert client.get(reverse("admin:councils_council_changelist")).status_code == 403
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403


def test_forum_organiser_checks_people_in(client, organiser) -> None:
    edition = ForumEditionFactory(status="registration_open")
    client.force_login(organiser)
    assert client.get(reverse("forum:checkin", args=[edition.year])).status_code == 200
