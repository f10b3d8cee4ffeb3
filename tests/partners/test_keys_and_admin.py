"""Key management: the command prints the key once on its last line; the admin shows it once."""

from __future__ import annotations

from io import StringIO

import pytest
from django.core.management import CommandError, call_command
from django.test import Client
from rest_framework.test import APIClient

from partners.models import PartnerApiKey, PartnerMember
from partners.services.organisations import member_add, member_remove
from tests.factories import UserFactory

from .factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_partner_key_command_prints_a_working_key_on_the_last_line(partner_a):
    out = StringIO()
    call_command("partner_key", partner_a.slug, "--name", "CRM", "--scopes", "read,pledges:write", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    stored = PartnerApiKey.objects.get(name="CRM")
    assert stored.scopes == ["read", "pledges:write"]
    assert key.startswith(stored.prefix + ".") and key not in stored.hashed_key
    response = APIClient().get("/api/v1/pledges/", HTTP_AUTHORIZATION=f"Api-Key {key}")
    assert response.status_code == 200


@pytest.mark.parametrize("args", [
    ["nobody", "--name", "x"],
    ["fond-a", "--name", "x", "--scopes", "read,delete:everything"],
    ["fond-a", "--name", "x", "--expires", "завтра"],
])
def test_partner_key_command_refuses_bad_input(partner_a, args):
    with pytest.raises(CommandError):
        call_command("partner_key", *args, stdout=StringIO())


def test_unverified_partner_gets_no_key():
    partner = PartnerFactory(is_verified=False)
    with pytest.raises(CommandError, match="проверенным"):
        call_command("partner_key", partner.slug, "--name", "x", stdout=StringIO())


def test_expired_key_from_the_command_is_refused(partner_a):
    out = StringIO()
    call_command("partner_key", partner_a.slug, "--name", "old", "--expires", "2020-01-01", stdout=out)
    key = out.getvalue().strip().splitlines()[-1]
    assert APIClient().get("/api/v1/districts/", HTTP_AUTHORIZATION=f"Api-Key {key}").status_code == 401


def test_admin_issues_a_key_and_shows_it_once(partner_a, superuser):
    admin = superuser
    client = Client()
    client.force_login(admin)
    response = client.post("/admin/partners/partnerapikey/add/", {
        "partner": partner_a.pk, "name": "Сайт фонда", "scopes": ["read", "programmes:write"], "expiry_date_0": "",
        "expiry_date_1": "",
    }, follow=True)
    assert response.status_code == 200
    stored = PartnerApiKey.objects.get(name="Сайт фонда")
    assert stored.created_by == admin and stored.scopes == ["read", "programmes:write"]
    messages = [str(m) for m in response.context["messages"]]
    assert any(stored.prefix in m for m in messages)
    page = client.get(f"/admin/partners/partnerapikey/{stored.pk}/change/").content.decode()
    assert stored.hashed_key not in page


def test_members_get_and_lose_the_partner_role(partner_a):
    user = UserFactory()
    member = member_add(partner_a, user, position="координатор")
    assert user.groups.filter(name="partner_member").exists()
    member_remove(member)
    assert not user.groups.filter(name="partner_member").exists()
    assert not PartnerMember.objects.exists()


def test_admin_logo_is_re_encoded_without_metadata(partner_a, superuser):
    from tests.initiatives.factories import jpeg_upload

    admin = superuser
    client = Client()
    client.force_login(admin)
    url = f"/admin/partners/partnerorganization/{partner_a.pk}/change/"
    form = {
        "name": partner_a.name, "slug": partner_a.slug, "kind": partner_a.kind, "inn": partner_a.inn,
        "ogrn": partner_a.ogrn, "is_verified": "on", "logo": jpeg_upload("logo.png"),
        "members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0",
    }
    response = client.post(url, form)
    assert response.status_code == 302, response.content.decode()[:3000]
    partner_a.refresh_from_db()
    assert partner_a.logo.name.startswith("partners/logos/") and partner_a.logo.name.endswith(".jpg")
    bad = client.post(url, {**form, "logo": __import__("django.core.files.uploadedfile", fromlist=["x"])
                            .SimpleUploadedFile("logo.png", b"not an image")})
    assert bad.status_code == 200 and "изображением" in bad.content.decode()
