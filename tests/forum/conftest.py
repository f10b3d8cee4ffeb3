"""Fixtures of the forum's tests: its URLs, role permissions and people."""

from __future__ import annotations

import pytest


@pytest.fixture(autouse=True)
def _forum_urls(settings) -> None:
    settings.ROOT_URLCONF = "tests.forum.urls"


@pytest.fixture
def forum_roles(db, monkeypatch) -> None:
    """The role groups with the forum's permissions, as accounts.roles will have them once merged."""
    from accounts import roles
    from forum.role_permissions import FORUM_ADMINISTRATOR_PERMISSIONS, FORUM_MODERATOR_PERMISSIONS

    patched = dict(roles.ROLE_PERMISSIONS)
    for role, extra in ((roles.MODERATOR, FORUM_MODERATOR_PERMISSIONS),
                        (roles.ADMINISTRATOR, FORUM_ADMINISTRATOR_PERMISSIONS)):
        patched[role] = list(dict.fromkeys([*patched[role], *extra]))
    monkeypatch.setattr(roles, "ROLE_PERMISSIONS", patched)
    roles.sync_role_groups()


@pytest.fixture
def forum_moderator(forum_roles):
    from tests.factories import StaffUserFactory

    return StaffUserFactory(role="moderator", display_name="Модератор Форума")


@pytest.fixture
def administrator(forum_roles):
    from tests.factories import StaffUserFactory

    return StaffUserFactory(role="administrator", display_name="Администратор Портала", phone="+7 900 111-22-33")


@pytest.fixture
def other_resident(db):
    from tests.factories import UserFactory

    return UserFactory()

