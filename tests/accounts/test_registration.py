"""Registration through allauth: consent (152-FZ), taken e-mails, weak passwords, confirmation."""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.urls import reverse

from accounts.models import ConsentText, PersonalDataConsent, User
from tests.factories import ConsentTextFactory, MicrodistrictFactory, UserFactory

pytestmark = pytest.mark.django_db


def signup_data(**overrides: str) -> dict[str, str]:
    data = {
        "email": "anna@example.org",
        "display_name": "Анна К.",
        "password1": "Zhiguli-sea-2026!",
        "password2": "Zhiguli-sea-2026!",
        "personal_data_consent": "on",
        "website": "",
    }
    data.update(overrides)
    return data


def test_signup_page_links_consent_text_and_has_labelled_fields(client):
    response = client.get(reverse("account_signup"))
    html = response.content.decode()
    assert response.status_code == 200
    assert reverse("accounts:consent") in html
    for name in ("email", "display_name", "password1", "personal_data_consent"):
        assert f'for="id_{name}"' in html


def test_signup_records_consent_with_current_version_and_time(client):
    microdistrict = MicrodistrictFactory()
    response = client.post(reverse("account_signup"), signup_data(home_microdistrict=str(microdistrict.pk)))
    assert response.status_code == 302
    user = User.objects.get(email="anna@example.org")
    assert user.display_name == "Анна К."
    assert user.home_microdistrict == microdistrict
    consent = PersonalDataConsent.objects.get(user=user)
    assert consent.consent_text == ConsentText.current()
    assert consent.given_at is not None and consent.withdrawn_at is None
    assert user.groups.filter(name="resident").exists()


def test_signup_sends_confirmation_and_link_activates_login(client):
    client.post(reverse("account_signup"), signup_data())
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.org"]
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[0].body).group(1)
    # Before confirmation the account cannot log in (mandatory verification).
    client.logout()
    response = client.post(reverse("account_login"), {"login": "anna@example.org", "password": "Zhiguli-sea-2026!"})
    assert "_auth_user_id" not in client.session
    response = client.post(link)
    assert response.status_code == 302
    assert client.session.get("_auth_user_id") == str(User.objects.get(email="anna@example.org").pk)


def test_signup_without_consent_is_refused_and_keeps_what_was_typed(client):
    data = signup_data()
    del data["personal_data_consent"]
    response = client.post(reverse("account_signup"), data)
    html = response.content.decode()
    assert response.status_code == 200
    assert not User.objects.filter(email="anna@example.org").exists()
    assert "Без согласия на обработку персональных данных регистрация невозможна" in html
    assert 'value="anna@example.org"' in html
    assert 'value="Анна К."' in html


def test_signup_with_taken_email_answers_as_any_signup_and_writes_to_the_owner(client):
    # No enumeration (ACCOUNT_PREVENT_ENUMERATION): the page is the usual «check your mail»,
    # no second account is made, and the owner learns by letter that someone tried.
    UserFactory(email="anna@example.org")
    response = client.post(reverse("account_signup"), signup_data(display_name="Другая Анна"))
    assert response.status_code == 302
    assert response["Location"] == reverse("account_email_verification_sent")
    assert User.objects.filter(email="anna@example.org").count() == 1
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["anna@example.org"]
    assert "/accounts/password/reset/" in mail.outbox[0].body
    assert "/accounts/confirm-email/" not in mail.outbox[0].body


@pytest.mark.parametrize("password", ["12345678901", "password123", "short"])
def test_signup_with_weak_password_gives_form_error(client, password):
    response = client.post(reverse("account_signup"), signup_data(password1=password, password2=password))
    assert response.status_code == 200
    assert response.context["form"].errors.get("password1")
    assert 'value="anna@example.org"' in response.content.decode()
    assert not User.objects.filter(email="anna@example.org").exists()


def test_signup_honeypot_filled_is_refused(client):
    response = client.post(reverse("account_signup"), signup_data(website="http://spam.example"))
    assert response.status_code == 200
    assert not User.objects.filter(email="anna@example.org").exists()


def test_signup_records_newest_consent_version_in_force(client):
    newer = ConsentTextFactory(version="2.0")
    client.post(reverse("account_signup"), signup_data())
    user = User.objects.get(email="anna@example.org")
    assert list(user.consents.values_list("consent_text__version", flat=True)) == [newer.version]


def test_consent_page_is_public_and_shows_current_version(client):
    response = client.get(reverse("accounts:consent"))
    assert response.status_code == 200
    assert "152-ФЗ" in response.content.decode()
    assert client.get(reverse("accounts:consent_version", args=["1.0"])).status_code == 200
    assert client.get(reverse("accounts:consent_version", args=["no-such"])).status_code == 404


def test_login_by_email(client):
    UserFactory(email="ivan@example.org")
    response = client.post(reverse("account_login"), {"login": "ivan@example.org", "password": "correct-horse-battery"})
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
