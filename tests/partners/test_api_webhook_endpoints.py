"""webhooks:write — a partner registers, lists, changes and deletes its own webhook endpoints."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from partners.models import WebhookEndpoint

from .factories import make_key

pytestmark = pytest.mark.django_db
URL = "/api/v1/webhook-endpoints/"


def client(key: str | None) -> APIClient:
    api = APIClient()
    if key:
        api.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return api


@pytest.fixture
def local(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True


def test_register_shows_the_secret_once_then_list_change_and_delete(local, partner_a):
    api = client(make_key(partner_a, "read,webhooks:write"))
    created = api.post(URL, {"url": "http://127.0.0.1:8154/hook", "events": ["pledge.accepted"]}, format="json")
    assert created.status_code == 201, created.content
    endpoint = WebhookEndpoint.objects.get()
    assert created.json()["secret"] == endpoint.secret and endpoint.partner == partner_a
    listed = api.get(URL).json()
    assert [e["id"] for e in listed] == [endpoint.pk] and "secret" not in listed[0]
    assert "secret" not in api.get(f"{URL}{endpoint.pk}/").json()
    changed = api.patch(f"{URL}{endpoint.pk}/", {"events": ["pledge.offered", "pledge.accepted"]}, format="json")
    assert changed.status_code == 200 and changed.json()["events"] == ["pledge.offered", "pledge.accepted"]
    assert api.delete(f"{URL}{endpoint.pk}/").status_code == 204
    assert not WebhookEndpoint.objects.exists()


def test_same_address_checks_as_staff_registration(settings, partner_a):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    api = client(make_key(partner_a, "webhooks:write"))
    for url in ("http://example.org/hook", "https://10.0.0.5/x", "https://169.254.169.254/", "https://localhost/"):
        response = api.post(URL, {"url": url, "events": ["pledge.accepted"]}, format="json")
        assert response.status_code == 400, (url, response.content)
    assert api.post(URL, {"url": "https://example.org/", "events": ["nope"]}, format="json").status_code == 400
    assert api.post(URL, {"url": "https://example.org/", "events": []}, format="json").status_code == 400
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize(("who", "expected"), [("none", 401), ("read_only", 403), ("b", 404)])
def test_others_cannot_see_change_or_delete_an_endpoint(partner_a, partner_b, who, expected):
    endpoint = WebhookEndpoint.objects.create(partner=partner_a, url="https://example.org/h",
                                              events=["pledge.accepted"], secret="s" * 64)
    key = {"none": None, "read_only": make_key(partner_a, "read,pledges:write"),
           "b": make_key(partner_b, "read,webhooks:write")}[who]
    api = client(key)
    assert api.get(f"{URL}{endpoint.pk}/").status_code == expected
    assert api.patch(f"{URL}{endpoint.pk}/", {"events": ["pledge.offered"]}, format="json").status_code == expected
    assert api.delete(f"{URL}{endpoint.pk}/").status_code == expected
    listed = api.get(URL)
    if who == "b":
        assert listed.status_code == 200 and listed.json() == []
    else:
        assert listed.status_code == expected
    endpoint.refresh_from_db()
    assert endpoint.events == ["pledge.accepted"]
