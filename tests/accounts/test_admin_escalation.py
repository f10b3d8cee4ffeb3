"""An administrator assigns roles but cannot make superusers or take over a superuser's account."""

from __future__ import annotations

import pytest
from django.urls import reverse

from tests.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db


def test_administrator_cannot_grant_superuser_or_raw_permissions(client):
    administrator = StaffUserFactory(role="administrator")
    resident = UserFactory()
    client.force_login(administrator)
    form = client.get(reverse("admin:accounts_user_change", args=[resident.pk])).context["adminform"].form
    assert "is_superuser" not in form.fields and "user_permissions" not in form.fields
    assert "groups" in form.fields


def test_administrator_cannot_edit_or_reset_a_superuser(client, superuser):
    administrator = StaffUserFactory(role="administrator")
    client.force_login(administrator)
    response = client.post(
        reverse("admin:auth_user_password_change", args=[superuser.pk]),
        {"password1": "Takeover-2026-secret", "password2": "Takeover-2026-secret"},
    )
    assert response.status_code == 403
    superuser.refresh_from_db()
    assert not superuser.check_password("Takeover-2026-secret")
    change = client.get(reverse("admin:accounts_user_change", args=[superuser.pk]))
    assert change.status_code == 200 and not change.context["has_change_permission"]
