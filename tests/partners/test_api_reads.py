"""Public reads: only public data, cursor pages, constant queries, filters, snapshots of field lists."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone
from rest_framework.test import APIClient

from initiatives.api import serializers as initiative_serializers
from initiatives.models import Category, Initiative
from partners.api import serializers as partner_serializers
from tests.factories import CouncilFactory, CouncilMemberFactory, MicrodistrictManagerFactory, UserFactory
from tests.initiatives.factories import CommentFactory, InitiativeFactory, seeded_category

from .factories import PledgeFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def get(url: str, **params):
    response = APIClient().get(url, params)
    assert response.status_code == 200, response.content
    return response.json()


def test_unpublished_initiatives_and_personal_data_never_appear(db):
    author = UserFactory(email="secret.author@example.org", phone="+79991234567")
    public = InitiativeFactory(author=author)
    for status in ("draft", "moderation", "revision", "withdrawn"):
        InitiativeFactory(status=status, author=author)
    InitiativeFactory(status="rejected", published_at=None)  # rejected at moderation: never published
    CommentFactory(initiative=public, is_hidden=True, body="скрытый текст")
    ids = [row["id"] for row in get("/api/v1/initiatives/")["results"]]
    assert ids == [public.pk]
    detail = APIClient().get(f"/api/v1/initiatives/{public.pk}/")
    body = detail.content.decode()
    assert "secret.author" not in body and "+7999" not in body and "скрытый текст" not in body
    for hidden in Initiative.objects.exclude(pk=public.pk):
        assert APIClient().get(f"/api/v1/initiatives/{hidden.pk}/").status_code == 404


def test_council_members_show_roles_not_contacts(db):
    council = CouncilFactory()
    CouncilMemberFactory(council=council, full_name="Иванова Мария Петровна", user=UserFactory(email="m@example.org"))
    row = get("/api/v1/councils/")["results"][0]
    assert row["members"][0]["full_name"] == "Иванова Мария Петровна"
    assert set(row["members"][0]) == {"full_name", "role", "position", "term_start", "term_end"}
    assert "m@example.org" not in str(row)


def test_managers_show_work_contacts_of_active_ones_only(db):
    MicrodistrictManagerFactory(is_active=False)
    active = MicrodistrictManagerFactory()
    rows = get("/api/v1/managers/")["results"]
    assert [r["id"] for r in rows] == [active.pk] and rows[0]["work_phone"] == active.work_phone


def test_cursor_pages_walk_every_row_once_without_count(db, django_assert_max_num_queries):
    InitiativeFactory.create_batch(7)
    seen, url = [], "/api/v1/initiatives/?page_size=3"
    while url:
        data = APIClient().get(url).json()
        assert "count" not in data
        seen += [row["id"] for row in data["results"]]
        url = data["next"]
    assert sorted(seen) == sorted(Initiative.objects.values_list("pk", flat=True)) and len(seen) == 7


@pytest.mark.parametrize("url", [
    "/api/v1/initiatives/", "/api/v1/councils/", "/api/v1/tos/", "/api/v1/managers/", "/api/v1/pledges/",
    "/api/v1/programmes/", "/api/v1/partners/", "/api/v1/microdistricts/",
])
def test_queries_per_page_do_not_grow_with_rows(db, django_assert_num_queries, url):
    def add(n: int) -> None:
        for _ in range(n):
            pledge = PledgeFactory()
            ProgrammeFactory(partner=pledge.partner)
            CouncilMemberFactory(council=CouncilFactory(microdistrict=pledge.initiative.microdistrict,
                                                        district=pledge.initiative.district))
            MicrodistrictManagerFactory()
            from tests.factories import TOSFactory

            TOSFactory()

    add(5)
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as few:
        assert len(get(url, page_size=50)["results"]) >= 5
    add(45)
    with django_assert_num_queries(len(few.captured_queries)):
        assert len(get(url, page_size=50)["results"]) >= 50


def test_filters_search_and_allow_listed_ordering(db):
    category = seeded_category()
    old = InitiativeFactory(title="Сквер у школы", category=category, support_count=5)
    new = InitiativeFactory(title="Освещение двора", support_count=50, category=Category.objects.get(slug="kultura"))
    Initiative.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=10))
    assert [r["id"] for r in get("/api/v1/initiatives/", category=category.slug)["results"]] == [old.pk]
    assert [r["id"] for r in get("/api/v1/initiatives/", search="Сквер")["results"]] == [old.pk]
    since = (timezone.now() - dt.timedelta(days=1)).isoformat()
    assert [r["id"] for r in get("/api/v1/initiatives/", updated_since=since)["results"]] == [new.pk]
    assert [r["id"] for r in get("/api/v1/initiatives/", ordering="support_count")["results"]] == [old.pk, new.pk]
    # Not allow-listed: ignored, the default order stays.
    assert [r["id"] for r in get("/api/v1/initiatives/", ordering="title")["results"]] == [new.pk, old.pk]
    bad = APIClient().get("/api/v1/initiatives/", {"status": "draft"})
    assert bad.status_code == 400 and bad.json()["code"] == "invalid"


def test_updated_since_takes_any_offset_python_accepts(db):
    """PostgreSQL refuses UTC offsets beyond ±15:59 (a 500 before); the moment is compared in UTC."""
    old = InitiativeFactory()
    Initiative.objects.filter(pk=old.pk).update(updated_at=timezone.now() - dt.timedelta(days=10))
    new = InitiativeFactory()
    since = (timezone.now() - dt.timedelta(days=1)).astimezone(dt.timezone(dt.timedelta(hours=16, minutes=46)))
    assert [r["id"] for r in get("/api/v1/initiatives/", updated_since=since.isoformat())["results"]] == [new.pk]
    # Beyond the calendar's ends in UTC: later than every row, or earlier than every row.
    assert get("/api/v1/initiatives/", updated_since="9999-12-31T23:00:00-16:00")["results"] == []
    earliest = get("/api/v1/initiatives/", updated_since="0001-01-01T00:30:00+16:00")["results"]
    assert {r["id"] for r in earliest} == {old.pk, new.pk}


def test_initiative_detail_carries_public_pledges_and_timeline(db):
    pledge = PledgeFactory(status="accepted", decided_at=timezone.now())
    PledgeFactory(initiative=pledge.initiative, status="withdrawn")
    data = get(f"/api/v1/initiatives/{pledge.initiative_id}/")
    assert [p["id"] for p in data["pledges"]] == [pledge.pk]
    assert any(entry["actor_label"] == pledge.partner.name for entry in data["timeline"])


def test_unverified_partners_and_draft_programmes_are_not_public(db):
    from .factories import PartnerFactory

    hidden = PartnerFactory(is_verified=False)
    ProgrammeFactory(partner=hidden)
    ProgrammeFactory(status="draft")
    PledgeFactory(partner=hidden)
    assert hidden.slug not in [row["slug"] for row in get("/api/v1/partners/")["results"]]
    assert APIClient().get(f"/api/v1/partners/{hidden.slug}/").status_code == 404
    assert get("/api/v1/programmes/")["results"] == []
    assert get("/api/v1/pledges/")["results"] == []


# A new field in a payload is a conscious decision: update the snapshot together with the docs.
SNAPSHOTS = {
    initiative_serializers.InitiativeListSerializer: [
        "id", "title", "summary", "status", "category", "national_project", "scope", "district", "microdistrict",
        "support_count", "support_threshold", "collection_deadline", "published_at", "updated_at", "web_url",
    ],
    initiative_serializers.InitiativeDetailSerializer: [
        "id", "title", "summary", "status", "category", "national_project", "scope", "district", "microdistrict",
        "support_count", "support_threshold", "collection_deadline", "published_at", "updated_at", "web_url",
        "description", "address", "latitude", "longitude", "estimated_budget", "needs", "resources_description",
        "photos", "timeline", "official_responses", "progress", "pledges",
    ],
    partner_serializers.PartnerSerializer: [
        "slug", "name", "kind", "inn", "ogrn", "description", "website", "work_email", "work_phone", "address",
        "logo_url", "categories", "districts",
    ],
    partner_serializers.PledgeSerializer: [
        "id", "partner", "initiative", "kind", "amount", "volunteers", "date_from", "date_to", "materials",
        "message", "status", "decision_reason", "created_at", "decided_at",
    ],
    partner_serializers.ProgrammeSerializer: [
        "slug", "partner", "title", "description", "funding_source", "budget", "categories", "districts",
        "applications_open", "applications_close", "status", "accepts_applications",
    ],
    partner_serializers.ApplicationSerializer: [
        "id", "programme", "initiative", "status", "reason", "created_at", "decided_at",
    ],
    partner_serializers.WebhookEndpointSerializer: [
        "id", "url", "events", "is_active", "consecutive_failures", "disabled_at", "created_at",
    ],
    partner_serializers.WebhookEndpointCreatedSerializer: [
        "id", "url", "events", "is_active", "consecutive_failures", "disabled_at", "created_at", "secret",
    ],
}


@pytest.mark.parametrize("serializer", SNAPSHOTS, ids=lambda s: s.__name__)
def test_serializer_field_lists(serializer):
    assert list(serializer().fields) == SNAPSHOTS[serializer]


def test_other_serializer_field_lists():
    from councils.api import serializers as c
    from forum.api import serializers as f

    assert list(c.ManagerSerializer().fields) == [
        "id", "full_name", "district", "microdistricts", "work_phone", "work_email", "office_address",
        "reception_hours",
    ]
    assert list(c.CouncilSerializer().fields) == [
        "slug", "kind", "name", "district", "microdistrict", "tos", "meeting_place", "is_active", "members",
    ]
    assert list(c.TOSSerializer().fields) == [
        "slug", "name", "district", "microdistricts", "territory_kind", "territory_description", "goals",
        "charter_registered_on", "is_legal_entity", "ogrn", "status",
    ]
    assert list(f.ResolutionItemSerializer().fields) == [
        "id", "number", "kind", "text", "responsible_organisations", "deadline", "status", "progress_percent",
        "reports", "initiatives",
    ]


def test_the_fast_list_gives_exactly_the_serializers_output(db):
    from rest_framework.test import APIRequestFactory

    InitiativeFactory(national_project=None)
    InitiativeFactory(status="implemented")
    rows = get("/api/v1/initiatives/", ordering="id")["results"]
    drf_request = APIRequestFactory().get("/api/v1/initiatives/")
    expected = initiative_serializers.InitiativeListSerializer(
        Initiative.objects.order_by("id"), many=True, context={"request": drf_request}
    ).data
    assert rows == [dict(row) for row in expected]
