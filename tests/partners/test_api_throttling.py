"""Throttling: anonymous clients per address, partners per key; 429 with Retry-After."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from .factories import make_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def low_rates(settings):
    settings.API_THROTTLE_RATES = {"anon": "3/min", "key": "5/min"}


def test_anonymous_clients_are_limited_per_address(low_rates):
    client = APIClient(REMOTE_ADDR="203.0.113.5")
    assert [client.get("/api/v1/districts/").status_code for _ in range(3)] == [200, 200, 200]
    refused = client.get("/api/v1/districts/")
    assert refused.status_code == 429
    assert int(refused["Retry-After"]) > 0
    assert refused.json()["code"] == "throttled"
    # Another address has its own allowance.
    assert APIClient(REMOTE_ADDR="203.0.113.6").get("/api/v1/districts/").status_code == 200


def test_a_key_has_its_own_larger_allowance_independent_of_address(low_rates, partner_a, partner_b):
    key_a, key_b = make_key(partner_a), make_key(partner_b)
    client = APIClient(REMOTE_ADDR="203.0.113.7")
    for _ in range(3):
        client.get("/api/v1/districts/")
    assert client.get("/api/v1/districts/").status_code == 429
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key_a}")
    assert [client.get("/api/v1/districts/").status_code for _ in range(5)] == [200] * 5
    assert client.get("/api/v1/districts/").status_code == 429
    client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key_b}")
    assert client.get("/api/v1/districts/").status_code == 200


def test_anonymous_clients_behind_the_proxies_are_limited_separately(low_rates, settings):
    # TLS proxy → compose nginx → web: every request comes from nginx's address.
    settings.ALLAUTH_TRUSTED_PROXY_COUNT = 2
    nginx, tls_proxy = "172.18.0.9", "192.0.2.50"

    def through_proxies(client_address: str, spoofed: str = "") -> APIClient:
        chain = ", ".join(filter(None, [spoofed, client_address, tls_proxy]))
        return APIClient(REMOTE_ADDR=nginx, HTTP_X_FORWARDED_FOR=chain)

    first = through_proxies("203.0.113.5")
    assert [first.get("/api/v1/districts/").status_code for _ in range(4)] == [200, 200, 200, 429]
    # A forged X-Forwarded-For entry does not give the same client a fresh allowance.
    assert through_proxies("203.0.113.5", spoofed="10.1.2.3").get("/api/v1/districts/").status_code == 429
    assert through_proxies("203.0.113.6").get("/api/v1/districts/").status_code == 200
