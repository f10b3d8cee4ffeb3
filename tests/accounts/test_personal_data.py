"""152-FZ rights: profile, export of one's own data, deletion by anonymisation."""

from __future__ import annotations

import json

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse

from accounts.models import User
from accounts.services import consent_record, user_anonymise
from tests.factories import CouncilFactory, CouncilMemberFactory, MicrodistrictFactory, UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def anna():
    user = UserFactory(email="anna@example.org", display_name="Анна К.", phone="+7 900 111-22-33")
    consent_record(user=user)
    return user


def test_export_requires_login_and_post(client, anna):
    url = reverse("accounts:data_export")
    assert client.post(url).status_code == 302  # to login
    client.force_login(anna)
    assert client.get(url).status_code == 405


def test_export_contains_own_data_and_nobody_elses(client, anna):
    other = UserFactory(email="boris@example.org", display_name="Борис", phone="+7 900 999-88-77")
    consent_record(user=other)
    CouncilMemberFactory(user=anna, full_name="Анна Кузнецова", council=CouncilFactory(name="Совет 7 квартала"))
    CouncilMemberFactory(user=other, full_name="Борис Смирнов")
    client.force_login(anna)
    response = client.post(reverse("accounts:data_export"))
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment;")
    assert response["Cache-Control"] == "no-store"
    data = json.loads(response.content)
    assert data["account"]["email"] == "anna@example.org"
    assert data["account"]["phone"] == "+7 900 111-22-33"
    assert [c["version"] for c in data["consents"]] == ["1.0"]
    assert [m["council"] for m in data["council_memberships"]] == ["Совет 7 квартала"]
    raw = response.content.decode()
    assert "boris@example.org" not in raw and "Борис" not in raw and "999-88-77" not in raw


def test_profile_update_keeps_phone_private_and_sets_language_cookie(client, anna):
    microdistrict = MicrodistrictFactory()
    client.force_login(anna)
    response = client.post(
        reverse("accounts:profile"),
        {"display_name": "Анна", "home_microdistrict": microdistrict.pk, "phone": "+7 927 000-00-01",
         "preferred_language": "en"},
    )
    assert response.status_code == 302
    anna.refresh_from_db()
    assert anna.home_microdistrict == microdistrict and anna.preferred_language == "en"
    assert response.cookies["portal_language"].value == "en"


def test_profile_rejects_bad_phone_and_keeps_input(client, anna):
    client.force_login(anna)
    response = client.post(
        reverse("accounts:profile"), {"display_name": "Анна Новая", "phone": "call me", "preferred_language": "ru"}
    )
    assert response.status_code == 200
    assert response.context["form"].errors["phone"]
    assert 'value="Анна Новая"' in response.content.decode()
    anna.refresh_from_db()
    assert anna.display_name == "Анна К."


def test_profile_requires_login(client):
    response = client.get(reverse("accounts:profile"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_delete_with_wrong_password_keeps_account(client, anna):
    client.force_login(anna)
    response = client.post(reverse("accounts:delete"), {"password": "wrong", "confirm": "on"})
    assert response.status_code == 200
    assert response.context["form"].errors["password"]
    anna.refresh_from_db()
    assert anna.is_active and anna.anonymised_at is None


def test_delete_anonymises_and_logs_out(client, anna):
    membership = CouncilMemberFactory(user=anna)
    client.force_login(anna)
    response = client.post(reverse("accounts:delete"), {"password": "correct-horse-battery", "confirm": "on"})
    assert response.status_code == 302
    assert "_auth_user_id" not in client.session
    anna.refresh_from_db()
    assert anna.anonymised_at is not None
    assert "anna" not in anna.email and anna.display_name == "" and anna.phone == ""
    assert anna.public_name == "Удалённый пользователь"
    assert not anna.is_active and not anna.has_usable_password()
    assert not EmailAddress.objects.filter(user=anna).exists()
    assert anna.consents.get().withdrawn_at is not None
    membership.refresh_from_db()
    assert membership.user is None and membership.full_name  # the council's history stays
    # The e-mail is free again for a new registration.
    assert not User.objects.filter(email="anna@example.org").exists()
    assert not client.login(email="anna@example.org", password="correct-horse-battery")


def test_anonymise_ends_other_sessions(client, anna):
    client.force_login(anna)
    from django.test import Client

    phone = Client()
    phone.force_login(anna)
    user_anonymise(user=anna)
    assert phone.get(reverse("accounts:profile")).status_code == 302


def test_anonymise_twice_is_harmless(anna):
    first = user_anonymise(user=anna)
    second = user_anonymise(user=anna)
    assert first.anonymised_at == second.anonymised_at
