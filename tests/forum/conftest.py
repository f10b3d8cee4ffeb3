"""Fixtures of the forum's tests: role groups and people."""

from __future__ import annotations

import pytest


@pytest.fixture
def forum_roles(db) -> None:
    """The role groups as post_migrate left them: every app's registered permissions, nothing patched."""
    from accounts import roles

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

