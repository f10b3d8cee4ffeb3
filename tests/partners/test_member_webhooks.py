"""Members' page: a partner's members register, re-scope and delete their own webhook endpoints."""

from __future__ import annotations

import pytest
from django.test import Client

from partners.models import WebhookEndpoint
from partners.services.organisations import member_add
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db
ADD = "/partners/my/webhooks/"


def _member(partner):
    user = UserFactory()
    member_add(partner, user)
    return user


@pytest.fixture
def endpoint(partner_a):
    return WebhookEndpoint.objects.create(partner=partner_a, url="https://example.org/h", events=["pledge.accepted"],
                                          secret="s" * 64)


def test_member_registers_an_endpoint_and_sees_its_secret_once(settings, client: Client, partner_a):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    client.force_login(_member(partner_a))
    response = client.post(ADD, {"url": "http://127.0.0.1:8155/hook", "events": ["pledge.accepted", "pledge.offered"]})
    endpoint = WebhookEndpoint.objects.get()
    assert response.status_code == 200 and endpoint.partner == partner_a
    assert endpoint.events == ["pledge.offered", "pledge.accepted"]
    html = response.content.decode()
    assert endpoint.secret in html and response["Cache-Control"] == "no-store"
    # Once, in the page's body: never in the <title> (tab titles end up in history and bookmarks).
    assert html.count(endpoint.secret) == 1
    title = html.split("<title>", 1)[1].split("</title>", 1)[0]
    assert "<" not in title and partner_a.name in title
    page = client.get("/partners/my/").content.decode()
    assert "http://127.0.0.1:8155/hook" in page and endpoint.secret not in page


def test_private_and_plain_http_addresses_are_refused_with_a_message(settings, client: Client, partner_a):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    client.force_login(_member(partner_a))
    for url in ("http://example.org/hook", "https://10.0.0.5/x", "https://localhost/"):
        response = client.post(ADD, {"url": url, "events": ["pledge.accepted"]})
        assert response.status_code == 200 and "errorlist" in response.content.decode()
    assert client.post(ADD, {"url": "https://example.org/", "events": []}).status_code == 200
    assert not WebhookEndpoint.objects.exists()


def test_member_changes_events_and_deletes(client: Client, partner_a, endpoint):
    client.force_login(_member(partner_a))
    client.post(f"/partners/my/webhooks/{endpoint.pk}/events/", {"events": ["pledge.offered"]})
    endpoint.refresh_from_db()
    assert endpoint.events == ["pledge.offered"]
    client.post(f"/partners/my/webhooks/{endpoint.pk}/events/", {"events": []})  # refused: none chosen
    endpoint.refresh_from_db()
    assert endpoint.events == ["pledge.offered"]
    client.post(f"/partners/my/webhooks/{endpoint.pk}/delete/")
    assert not WebhookEndpoint.objects.exists()


@pytest.mark.parametrize("who", ["anonymous", "resident", "partner_b", "staff"])
def test_others_cannot_touch_an_endpoint(client: Client, partner_a, partner_b, endpoint, who):
    user = {"anonymous": None, "resident": UserFactory(), "partner_b": _member(partner_b),
            "staff": UserFactory(is_staff=True, is_superuser=True)}[who]
    if user:
        client.force_login(user)
    events = client.post(f"/partners/my/webhooks/{endpoint.pk}/events/", {"events": ["pledge.offered"]})
    delete = client.post(f"/partners/my/webhooks/{endpoint.pk}/delete/")
    expected = 302 if who == "anonymous" else 404  # to the login page / not a member of partner A
    assert events.status_code == delete.status_code == expected
    if who != "partner_b":  # B's member may register endpoints, but only for B (the form has no partner field)
        assert client.post(ADD, {"url": "https://example.org/x", "events": ["pledge.offered"]}).status_code == expected
    endpoint.refresh_from_db()
    assert endpoint.events == ["pledge.accepted"] and WebhookEndpoint.objects.filter(partner=partner_a).count() == 1


def test_a_members_new_endpoint_belongs_to_the_members_own_partner(settings, client: Client, partner_a, partner_b):
    settings.WEBHOOKS_ALLOW_PRIVATE = True
    client.force_login(_member(partner_b))
    client.post(ADD, {"url": "http://127.0.0.1:8155/b", "events": ["pledge.offered"], "partner": partner_a.pk})
    assert WebhookEndpoint.objects.get().partner == partner_b
