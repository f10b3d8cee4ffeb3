"""No page tells whether an address has an account, and nobody can squat someone else's address."""

from __future__ import annotations

import re

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.urls import reverse

from accounts.models import User
from tests.accounts.test_registration import signup_data
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"


def _page_text(response) -> str:
    html = response.content.decode()
    html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "", html)
    return html


# --- password reset ----------------------------------------------------------------------------


def test_password_reset_answers_the_same_for_known_and_unknown_addresses(client):
    UserFactory(email="known@example.org")
    known = client.post(reverse("account_reset_password"), {"email": "known@example.org"}, follow=True)
    unknown = client.post(reverse("account_reset_password"), {"email": "nobody@example.org"}, follow=True)
    assert known.status_code == unknown.status_code == 200
    assert known.redirect_chain == unknown.redirect_chain
    assert _page_text(known).replace("known@example.org", "X") == _page_text(unknown).replace("nobody@example.org", "X")
    # The known owner gets the reset link; the unknown address learns only that it has no account.
    letters = {m.to[0]: m.body for m in mail.outbox}
    assert "/accounts/password/reset/key/" in letters["known@example.org"]
    assert "/accounts/password/reset/key/" not in letters.get("nobody@example.org", "")


# --- one address per account, changed through confirmation ------------------------------------


def _log_in(client, user: User) -> None:
    client.post(reverse("account_login"), {"login": user.email, "password": PASSWORD})
    assert "_auth_user_id" in client.session


def test_changing_address_keeps_one_address_and_needs_confirmation(client):
    resident = UserFactory(email="old@example.org")
    _log_in(client, resident)
    client.post(reverse("account_email"), {"action_add": "", "email": "new@example.org"})
    resident.refresh_from_db()
    # Until confirmed, the old address is the login and the only confirmed one.
    assert resident.email == "old@example.org"
    assert EmailAddress.objects.get(user=resident, email="new@example.org").verified is False
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    assert mail.outbox[-1].to == ["new@example.org"]
    client.post(link)
    resident.refresh_from_db()
    assert resident.email == "new@example.org"
    assert list(EmailAddress.objects.filter(user=resident).values_list("email", "verified")) == [
        ("new@example.org", True)
    ]


def test_a_second_address_cannot_be_added_alongside(client):
    resident = UserFactory(email="old@example.org")
    _log_in(client, resident)
    client.post(reverse("account_email"), {"action_add": "", "email": "one@example.org"})
    client.post(reverse("account_email"), {"action_add": "", "email": "two@example.org"})
    addresses = set(EmailAddress.objects.filter(user=resident).values_list("email", flat=True))
    # The second request replaces the pending change; never three addresses on one account.
    assert len(addresses) <= 2
    assert "old@example.org" in addresses


# --- squatting ---------------------------------------------------------------------------------


def test_someone_elses_pending_address_does_not_block_the_owners_sign_up(client):
    squatter = UserFactory(email="squatter@example.org")
    _log_in(client, squatter)
    client.post(reverse("account_email"), {"action_add": "", "email": "anna@example.org"})
    assert EmailAddress.objects.filter(user=squatter, email="anna@example.org", verified=False).exists()
    client.logout()
    mail.outbox.clear()

    response = client.post(reverse("account_signup"), signup_data())
    assert response.status_code == 302
    owner = User.objects.get(email="anna@example.org")
    assert owner != squatter
    # The squatter's pending change is gone, their own address untouched.
    assert list(EmailAddress.objects.filter(user=squatter).values_list("email", flat=True)) == [
        "squatter@example.org"
    ]
    assert mail.outbox[-1].to == ["anna@example.org"]
    assert "/accounts/confirm-email/" in mail.outbox[-1].body


def test_an_unconfirmed_sign_up_does_not_block_the_owners_sign_up(client):
    client.post(reverse("account_signup"), signup_data(display_name="Самозванец"))
    stranger = User.objects.get(email="anna@example.org")
    assert not EmailAddress.objects.get(user=stranger).verified
    mail.outbox.clear()

    response = client.post(reverse("account_signup"), signup_data(display_name="Анна К."))
    assert response.status_code == 302
    owner = User.objects.get(email="anna@example.org")
    assert owner.display_name == "Анна К."
    assert not User.objects.filter(pk=stranger.pk).exists()
    link = re.search(r"https?://[^/\s]+(/accounts/confirm-email/[^\s]+/)", mail.outbox[-1].body).group(1)
    client.post(link)
    assert client.session.get("_auth_user_id") == str(owner.pk)


def test_a_confirmed_owner_is_never_replaced(client):
    owner = UserFactory(email="anna@example.org")
    client.post(reverse("account_signup"), signup_data())
    assert User.objects.get(email="anna@example.org") == owner


def test_an_account_made_by_staff_is_never_replaced(client):
    # createsuperuser and the admin make accounts without address rows: someone meant them.
    staff = User.objects.create_user("anna@example.org", "Zhiguli-sea-2026!", display_name="Анна")
    client.post(reverse("account_signup"), signup_data())
    assert User.objects.get(email="anna@example.org") == staff
