"""Who may do what through the API: the matrix per endpoint and scope.

Callers: anonymous, a signed-in resident (sessions do not authenticate the API), a key
of partner A with every scope, a key of partner B, an expired key, a revoked key and a
key of A without the needed scope.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from partners.models import PartnerApiKey, Pledge, ProgrammeApplication
from partners.services.keys import key_revoke
from tests.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory

from .factories import ApplicationFactory, PledgeFactory, ProgrammeFactory, make_key

pytestmark = pytest.mark.django_db

ALL = "read,pledges:write,programmes:write,reports:write"


@pytest.fixture
def keys(partner_a, partner_b):
    revoked = make_key(partner_a, ALL, name="revoked")
    key_revoke(PartnerApiKey.objects.get(name="revoked"))
    return {
        "a": make_key(partner_a, ALL, name="a"),
        "b": make_key(partner_b, ALL, name="b"),
        "expired": make_key(partner_a, ALL, name="expired", expires_at=timezone.now() - dt.timedelta(minutes=1)),
        "revoked": revoked,
        "read_only": make_key(partner_a, "read", name="read only"),
        "no_read": make_key(partner_a, "pledges:write", name="no read"),
    }


def client_for(who: str, keys: dict[str, str]) -> APIClient:
    client = APIClient()
    if who == "resident":
        client.force_login(UserFactory())
    elif who != "anonymous":
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {keys[who]}")
    return client


READ_URLS = [
    "/api/v1/districts/", "/api/v1/microdistricts/", "/api/v1/councils/", "/api/v1/tos/", "/api/v1/managers/",
    "/api/v1/initiatives/", "/api/v1/forum/editions/", "/api/v1/programmes/", "/api/v1/partners/",
    "/api/v1/pledges/", "/api/v1/applications/",
]


@pytest.mark.parametrize("url", READ_URLS)
@pytest.mark.parametrize(("who", "expected"), [
    ("anonymous", 200), ("resident", 200), ("a", 200), ("b", 200), ("read_only", 200),
    ("expired", 401), ("revoked", 401), ("no_read", 403),
])
def test_public_reads(keys, url, who, expected):
    response = client_for(who, keys).get(url)
    assert response.status_code == expected, response.content
    assert response["Content-Type"].startswith("application/json")
    if expected == 401:
        assert response["WWW-Authenticate"] == "Api-Key"
        assert response.json()["detail"]


def test_an_unknown_or_malformed_key_is_401_not_anonymous(db):
    for header in ("Api-Key nonsense", "Api-Key abc.def"):
        response = APIClient().get("/api/v1/initiatives/", HTTP_AUTHORIZATION=header)
        assert response.status_code == 401


def test_a_key_of_an_unverified_partner_stops_working(keys, partner_a):
    partner_a.is_verified = False
    partner_a.save()
    assert client_for("a", keys).get("/api/v1/initiatives/").status_code == 401


@pytest.mark.parametrize(("who", "expected"), [
    ("anonymous", 401), ("resident", 401), ("expired", 401), ("revoked", 401), ("read_only", 403), ("a", 201),
    ("b", 201),
])
def test_create_pledge(keys, who, expected):
    initiative = InitiativeFactory()
    response = client_for(who, keys).post(
        "/api/v1/pledges/", {"initiative": initiative.pk, "kind": "money", "amount": "5000"}, format="json"
    )
    assert response.status_code == expected, response.content
    assert set(response.json()) >= ({"id", "status"} if expected == 201 else {"detail", "code"})


@pytest.mark.parametrize(("who", "expected"), [
    ("anonymous", 401), ("expired", 401), ("revoked", 401), ("read_only", 403), ("b", 404), ("a", 200),
])
def test_withdraw_pledge(keys, partner_a, who, expected):
    pledge = PledgeFactory(partner=partner_a)
    response = client_for(who, keys).post(f"/api/v1/pledges/{pledge.pk}/withdraw/", {}, format="json")
    assert response.status_code == expected, response.content
    assert Pledge.objects.get(pk=pledge.pk).status == ("withdrawn" if expected == 200 else "offered")


@pytest.mark.parametrize(("who", "expected"), [
    ("anonymous", 401), ("read_only", 403), ("b", 404), ("expired", 401), ("a", 200),
])
def test_decide_application(keys, partner_a, who, expected):
    application = ApplicationFactory(programme=ProgrammeFactory(partner=partner_a))
    response = client_for(who, keys).post(
        f"/api/v1/applications/{application.pk}/decide/", {"decision": "rejected", "reason": "Вне условий"},
        format="json",
    )
    assert response.status_code == expected, response.content
    assert ProgrammeApplication.objects.get(pk=application.pk).status == (
        "rejected" if expected == 200 else "submitted"
    )


@pytest.mark.parametrize(("who", "expected"), [
    ("anonymous", 401), ("read_only", 403), ("b", 404), ("revoked", 401), ("a", 200),
])
def test_change_and_close_programme(keys, partner_a, who, expected):
    programme = ProgrammeFactory(partner=partner_a)
    client = client_for(who, keys)
    response = client.patch(f"/api/v1/programmes/{programme.slug}/", {"title": "Новое название"}, format="json")
    assert response.status_code == expected, response.content
    response = client.post(f"/api/v1/programmes/{programme.slug}/close/", {}, format="json")
    assert response.status_code == expected, response.content


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 401), ("read_only", 403), ("a", 201)])
def test_create_programme(keys, who, expected):
    today = timezone.localdate()
    response = client_for(who, keys).post("/api/v1/programmes/", {
        "title": "Зелёный двор", "description": "Гранты на озеленение", "applications_open": str(today),
        "applications_close": str(today + dt.timedelta(days=30)), "categories": ["blagoustroystvo"],
    }, format="json")
    assert response.status_code == expected, response.content
    if expected == 201:
        assert response.json()["categories"] == ["blagoustroystvo"] and response.json()["partner"] == "fond-a"


def test_write_errors_are_json_with_a_message(keys, partner_a):
    client = client_for("a", keys)
    bad = client.post("/api/v1/pledges/", {"initiative": 999999, "kind": "money"}, format="json")
    assert bad.status_code == 400 and bad.json()["code"] == "invalid" and "initiative" in bad.json()["errors"]
    missing_amount = client.post(
        "/api/v1/pledges/", {"initiative": InitiativeFactory().pk, "kind": "money"}, format="json"
    )
    assert missing_amount.status_code == 400 and "сумму" in missing_amount.json()["detail"]
    draft = InitiativeFactory(status="draft")
    hidden = client.post("/api/v1/pledges/", {"initiative": draft.pk, "kind": "expertise"}, format="json")
    assert hidden.status_code == 400
    pledge = PledgeFactory(partner=partner_a, status="accepted")
    conflict = client.post(f"/api/v1/pledges/{pledge.pk}/withdraw/", {}, format="json")
    assert conflict.status_code == 409 and conflict.json()["code"] == "wrong_status"
    assert client.get("/api/v1/nothing-here/").json()["code"] == "not_found"


def test_last_use_is_recorded(keys):
    client_for("a", keys).get("/api/v1/districts/")
    assert PartnerApiKey.objects.get(name="a").last_used_at is not None
