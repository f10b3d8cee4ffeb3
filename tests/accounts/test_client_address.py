"""Behind the compose file's reverse proxy every request comes from the proxy's address: the
client's own address (TRUSTED_PROXY_COUNT / TRUSTED_CLIENT_IP_HEADER) is what limits count."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.test import RequestFactory
from django.urls import reverse
from django_ratelimit.core import is_ratelimited

from core.client_ip import client_ip
from tests.factories import UserFactory
from tests.test_settings import settings_values

PROXY = "172.18.0.5"  # the nginx container, as gunicorn sees it
CLIENT_A, CLIENT_B = "203.0.113.10", "198.51.100.20"
PASSWORD = "correct-horse-battery"


def _request(remote: str = PROXY, forwarded: str | None = None, **headers: str):
    extra = {"REMOTE_ADDR": remote, **headers}
    if forwarded is not None:
        extra["HTTP_X_FORWARDED_FOR"] = forwarded
    return RequestFactory().get("/", **extra)


@pytest.fixture
def behind_one_proxy(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 1
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = None


def test_without_a_trusted_proxy_forwarded_header_is_ignored(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 0
    assert client_ip(_request(remote=CLIENT_A, forwarded="1.2.3.4")) == CLIENT_A


def test_behind_one_proxy_the_address_it_appended_counts(behind_one_proxy):
    assert client_ip(_request(forwarded=CLIENT_A)) == CLIENT_A
    # Entries the client wrote itself (to the left of the proxy's) are never believed.
    assert client_ip(_request(forwarded=f"10.9.9.9, {CLIENT_B}")) == CLIENT_B
    # A request that skipped the proxy (a health check from inside) still has an address.
    assert client_ip(_request(remote="127.0.0.1")) == "127.0.0.1"


def test_two_proxies_count_from_the_right(settings):
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    assert client_ip(_request(forwarded=f"6.6.6.6, {CLIENT_A}, 10.0.0.2")) == CLIENT_A


def test_client_ip_header_wins_when_configured(settings):
    settings.ALLAUTH_TRUSTED_CLIENT_IP_HEADER = "X-Real-IP"
    assert client_ip(_request(forwarded="6.6.6.6", HTTP_X_REAL_IP=CLIENT_B)) == CLIENT_B


def test_garbage_in_the_header_falls_back_to_the_peer(behind_one_proxy):
    assert client_ip(_request(forwarded="not-an-address")) == PROXY


def test_proxy_settings_come_from_the_environment():
    values = settings_values(
        "tolyatti_portal.settings.dev",
        ["ALLAUTH_TRUSTED_PROXY_COUNT", "ALLAUTH_TRUSTED_CLIENT_IP_HEADER", "RATELIMIT_IP_META_KEY"],
        TRUSTED_PROXY_COUNT="1", TRUSTED_CLIENT_IP_HEADER="X-Real-IP",
    )
    assert values == {
        "ALLAUTH_TRUSTED_PROXY_COUNT": 1,
        "ALLAUTH_TRUSTED_CLIENT_IP_HEADER": "X-Real-IP",
        "RATELIMIT_IP_META_KEY": "core.client_ip.client_ip",
    }


@pytest.mark.django_db
def test_two_clients_behind_the_proxy_are_limited_separately_at_login(client, behind_one_proxy, settings):
    from tolyatti_portal.settings import base

    settings.ACCOUNT_RATE_LIMITS = base.ACCOUNT_RATE_LIMITS
    cache.clear()
    # Client A fails a dozen logins on several accounts: its address is shut for a while.
    for user in UserFactory.create_batch(3):
        for _ in range(4):
            client.post(reverse("account_login"), {"login": user.email, "password": "wrong-password-1"},
                        REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A)
    victim = UserFactory()
    client.post(reverse("account_login"), {"login": victim.email, "password": PASSWORD},
                REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_A)
    assert "_auth_user_id" not in client.session
    # Client B, through the same proxy, is not affected.
    response = client.post(reverse("account_login"), {"login": victim.email, "password": PASSWORD},
                           REMOTE_ADDR=PROXY, HTTP_X_FORWARDED_FOR=CLIENT_B)
    assert response.status_code == 302
    assert "_auth_user_id" in client.session
    cache.clear()


def test_two_clients_behind_the_proxy_are_limited_separately_by_django_ratelimit(behind_one_proxy):
    cache.clear()

    def limited(address: str) -> bool:
        request = _request(forwarded=address)
        return is_ratelimited(request, group="test-proxy", key="ip", rate="2/m", increment=True)

    assert [limited(CLIENT_A) for _ in range(3)] == [False, False, True]
    assert limited(CLIENT_B) is False
    cache.clear()


def test_behind_the_tls_proxy_and_compose_nginx_the_client_counts(settings):
    # Compose: TLS proxy → nginx (service proxy) → web, each appending the address it saw.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    tls_proxy = "192.0.2.50"
    assert client_ip(_request(forwarded=f"{CLIENT_A}, {tls_proxy}")) == CLIENT_A
    assert client_ip(_request(forwarded=f"6.6.6.6, {CLIENT_B}, {tls_proxy}")) == CLIENT_B


def test_compose_proxy_appends_the_client_address_and_web_trusts_it():
    from pathlib import Path

    import yaml

    root = Path(__file__).resolve().parent.parent.parent
    compose = yaml.safe_load((root / "docker-compose.yml").read_text(encoding="utf-8"))
    web_env = compose["services"]["web"]["environment"]
    assert str(web_env["TRUSTED_PROXY_COUNT"]).endswith(":-2}")
    nginx = (root / "deploy" / "nginx" / "portal.conf.template").read_text(encoding="utf-8")
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in nginx
