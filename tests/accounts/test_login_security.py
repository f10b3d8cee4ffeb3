"""Every login goes through allauth's throttled path; staff need a second factor for the admin."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.urls import reverse

from accounts.mfa import totp_code
from tests.factories import STAFF_TOTP_SECRET, StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory
ADDRESS_A, ADDRESS_B = "203.0.113.10", "198.51.100.20"


@pytest.fixture
def rate_limits(settings):
    """The production limits (tests turn allauth's limits off elsewhere), on an empty cache."""
    from tolyatti_portal.settings import base

    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    cache.clear()
    yield
    cache.clear()


def _login(client, email: str, password: str, address: str, **extra):
    return client.post(reverse("account_login"), {"login": email, "password": password}, REMOTE_ADDR=address, **extra)


def _logged_in(client) -> bool:
    return "_auth_user_id" in client.session


# --- one login path --------------------------------------------------------------------------


def test_admin_login_page_sends_to_the_portal_login_keeping_next(client):
    response = client.get("/admin/login/?next=/admin/councils/")
    assert response.status_code == 302
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2Fcouncils%2F"


def test_admin_login_form_post_never_logs_in(client):
    moderator = StaffUserFactory()
    response = client.post("/admin/login/", {"username": moderator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert not _logged_in(client)


def test_anonymous_admin_lands_on_portal_login(client):
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("account_login") + "?next=")
    assert response.status_code == 200


def test_admin_login_ignores_next_to_another_site(client):
    response = client.get("/admin/login/?next=https://evil.example/")
    assert response["Location"] == reverse("account_login") + "?next=%2Fadmin%2F"


def test_resident_logged_in_sees_no_access_page_not_a_loop(client):
    client.force_login(UserFactory())
    response = client.get("/admin/", follow=True)
    assert response.status_code == 403
    assert "Нет доступа к админке" in response.content.decode()


# --- throttling ------------------------------------------------------------------------------


def test_25_wrong_passwords_then_right_one_does_not_log_in(client, rate_limits):
    moderator = StaffUserFactory()
    for _ in range(25):
        _login(client, moderator.email, "wrong-password-1", ADDRESS_A)
    response = _login(client, moderator.email, PASSWORD, ADDRESS_A)
    assert response.status_code == 200
    assert not _logged_in(client)
    assert "Слишком много неудачных попыток входа" in response.content.decode()


def test_stranger_cannot_lock_owner_out_from_another_address(client, rate_limits):
    resident = UserFactory()
    for _ in range(25):
        _login(client, resident.email, "wrong-password-1", ADDRESS_A)
    response = _login(client, resident.email, PASSWORD, ADDRESS_B)
    assert response.status_code == 302
    assert _logged_in(client)


def test_lock_per_account_and_address_opens_after_15_minutes(client, rate_limits, monkeypatch):
    resident = UserFactory()
    for _ in range(5):
        _login(client, resident.email, "wrong-password-1", ADDRESS_A)
    assert not _logged_in(client)
    assert "Слишком много" in _login(client, resident.email, PASSWORD, ADDRESS_A).content.decode()
    import time as time_module

    later = time_module.time() + 15 * 60 + 1
    monkeypatch.setattr("allauth.core.internal.ratelimit.time.time", lambda: later)
    _login(client, resident.email, PASSWORD, ADDRESS_A)
    assert _logged_in(client)


def test_brute_force_spread_over_many_addresses_locks_the_account(client, rate_limits):
    resident = UserFactory()
    # 30 failures an hour from all addresses together: six addresses, five tries each.
    for n in range(6):
        for _ in range(5):
            _login(client, resident.email, "wrong-password-1", f"192.0.2.{n + 1}")
    response = _login(client, resident.email, PASSWORD, ADDRESS_B)
    assert not _logged_in(client)
    assert "Слишком много неудачных попыток входа" in response.content.decode()


def test_one_address_is_limited_across_accounts(client, rate_limits):
    users = UserFactory.create_batch(3)
    for user in users:
        for _ in range(4):
            _login(client, user.email, "wrong-password-1", ADDRESS_A)
    # 12 failures in a minute from one address: the 11th and later are refused for any account.
    fresh = UserFactory()
    _login(client, fresh.email, PASSWORD, ADDRESS_A)
    assert not _logged_in(client)
    _login(client, fresh.email, PASSWORD, ADDRESS_B)
    assert _logged_in(client)


# --- second factor for staff -----------------------------------------------------------------


@pytest.mark.parametrize("role", ["moderator", "microdistrict_manager", "administrator"])
def test_staff_without_second_factor_are_sent_to_set_it_up(client, role):
    staff = StaffUserFactory(role=role, mfa=False)
    client.force_login(staff)
    response = client.get("/admin/", follow=True)
    assert response.redirect_chain[-1][0].startswith(reverse("accounts:mfa_required"))
    html = response.content.decode()
    assert "Нужна двухэтапная проверка" in html
    assert reverse("mfa_activate_totp") in html
    assert client.get("/admin/councils/council/").status_code == 302


def test_superuser_without_second_factor_is_sent_to_set_it_up(client):
    client.force_login(UserFactory(is_staff=True, is_superuser=True))
    response = client.get("/admin/")
    assert response.status_code == 302
    assert client.get(response["Location"])["Location"].startswith(reverse("accounts:mfa_required"))


@pytest.mark.parametrize("role", ["moderator", "microdistrict_manager", "administrator"])
def test_staff_with_totp_open_the_admin(client, role):
    client.force_login(StaffUserFactory(role=role))
    assert client.get("/admin/").status_code == 200


def test_staff_login_asks_for_the_code_then_opens_the_admin(client):
    moderator = StaffUserFactory()
    response = client.post(reverse("account_login") + "?next=/admin/", {"login": moderator.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == reverse("mfa_authenticate")
    assert not _logged_in(client)
    wrong_code = "000000" if totp_code(STAFF_TOTP_SECRET) != "000000" else "111111"
    wrong = client.post(reverse("mfa_authenticate"), {"code": wrong_code})
    assert wrong.status_code == 200 and not _logged_in(client)
    response = client.post(reverse("mfa_authenticate"), {"code": totp_code(STAFF_TOTP_SECRET)})
    assert response.status_code == 302
    assert response["Location"] == "/admin/"
    assert client.get("/admin/").status_code == 200


def test_staff_can_enrol_totp_and_gets_recovery_codes(client):
    from allauth.mfa.models import Authenticator

    moderator = StaffUserFactory(mfa=False)
    client.post(reverse("account_login"), {"login": moderator.email, "password": PASSWORD})
    assert _logged_in(client)
    # allauth asks for the password again before a second factor is added.
    assert client.get(reverse("mfa_activate_totp"))["Location"].startswith(reverse("account_reauthenticate"))
    client.post(reverse("account_reauthenticate"), {"password": PASSWORD})
    page = client.get(reverse("mfa_activate_totp"))
    assert page.status_code == 200
    secret = page.context["form"].secret
    response = client.post(reverse("mfa_activate_totp"), {"code": totp_code(secret)})
    assert response.status_code == 302
    kinds = set(Authenticator.objects.filter(user=moderator).values_list("type", flat=True))
    assert kinds == {"totp", "recovery_codes"}
    assert client.get("/admin/").status_code == 200


def test_too_many_requests_from_one_address_get_a_russian_page(client, rate_limits):
    for _ in range(30):
        client.post(reverse("account_login"), {"login": "x@example.org", "password": "p"}, REMOTE_ADDR=ADDRESS_A)
    response = _login(client, "x@example.org", "p", ADDRESS_A)
    assert response.status_code == 429
    assert "Слишком много попыток" in response.content.decode()


def test_password_reset_reopens_an_account_locked_from_many_addresses(client, rate_limits):
    import re

    from django.core import mail

    resident = UserFactory()
    for n in range(6):
        for _ in range(5):
            _login(client, resident.email, "wrong-password-1", f"192.0.2.{n + 1}")
    client.post(reverse("account_reset_password"), {"email": resident.email}, REMOTE_ADDR=ADDRESS_B)
    link = re.search(r"https?://[^/\s]+(/accounts/password/reset/key/[^\s]+/)", mail.outbox[-1].body).group(1)
    form_page = client.get(link, REMOTE_ADDR=ADDRESS_B)
    new_password = "Volga-embankment-2026!"
    client.post(form_page["Location"], {"password1": new_password, "password2": new_password}, REMOTE_ADDR=ADDRESS_B)
    _login(client, resident.email, new_password, ADDRESS_B)
    assert _logged_in(client)
