"""Only administrators link accounts to council member and manager records, and the link is recorded."""

from __future__ import annotations

import pytest
from django.urls import reverse

from councils.models import CouncilMember, MicrodistrictManager
from tests.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    MicrodistrictFactory,
    MicrodistrictManagerFactory,
    StaffUserFactory,
    UserFactory,
)

pytestmark = pytest.mark.django_db


@pytest.fixture
def administrator(db):
    return StaffUserFactory(role="administrator")


def _member_post(member: CouncilMember, user_id) -> dict:
    return {
        "council": member.council_id, "full_name": member.full_name, "role": member.role,
        "position": member.position, "term_start": member.term_start.isoformat(),
        "term_end": member.term_end.isoformat() if member.term_end else "", "user": user_id or "",
    }


def _manager_post(manager: MicrodistrictManager, user_id) -> dict:
    data = {
        f.name: getattr(manager, f.attname) for f in MicrodistrictManager._meta.concrete_fields
        if f.editable and f.name not in ("id", "user")
    }
    data["is_active"] = "on" if manager.is_active else ""
    data["microdistricts"] = [m.pk for m in manager.microdistricts.all()]
    data["user"] = user_id or ""
    return data


def test_moderator_cannot_link_an_account_to_a_council_member(client, moderator, district):
    member = CouncilMemberFactory(council=CouncilFactory(microdistrict=MicrodistrictFactory(district=district)))
    grabber = UserFactory()
    client.force_login(moderator)
    url = reverse("admin:councils_councilmember_change", args=[member.pk])
    assert "user" not in client.get(url).context["adminform"].form.fields
    client.post(url, _member_post(member, grabber.pk))
    member.refresh_from_db()
    assert member.user_id is None


def test_moderator_cannot_link_an_account_to_a_manager(client, moderator, district):
    manager = MicrodistrictManagerFactory(district=district, microdistricts=[MicrodistrictFactory(district=district)])
    client.force_login(moderator)
    url = reverse("admin:councils_microdistrictmanager_change", args=[manager.pk])
    client.post(url, _manager_post(manager, moderator.pk))
    manager.refresh_from_db()
    assert manager.user_id is None


def test_moderator_cannot_link_through_the_council_inline(client, moderator, district):
    council = CouncilFactory(microdistrict=MicrodistrictFactory(district=district))
    member = CouncilMemberFactory(council=council)
    client.force_login(moderator)
    form = client.get(reverse("admin:councils_council_change", args=[council.pk])).context["inline_admin_formsets"]
    members = next(f for f in form if f.formset.model is CouncilMember)
    assert "user" not in members.formset.forms[0].fields
    assert member.user_id is None


def test_administrator_links_and_the_link_is_recorded(client, administrator, district):
    member = CouncilMemberFactory(council=CouncilFactory(microdistrict=MicrodistrictFactory(district=district)))
    account = UserFactory()
    client.force_login(administrator)
    response = client.post(reverse("admin:councils_councilmember_change", args=[member.pk]),
                           _member_post(member, account.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    member.refresh_from_db()
    assert member.user == account
    assert member.user_linked_by == administrator and member.user_linked_at is not None


def test_administrator_links_a_manager_and_the_link_is_recorded(client, administrator, district):
    manager = MicrodistrictManagerFactory(district=district, microdistricts=[MicrodistrictFactory(district=district)])
    account = UserFactory()
    client.force_login(administrator)
    response = client.post(reverse("admin:councils_microdistrictmanager_change", args=[manager.pk]),
                           _manager_post(manager, account.pk))
    assert response.status_code == 302, response.context["adminform"].form.errors
    manager.refresh_from_db()
    assert manager.user == account and manager.user_linked_by == administrator
