"""reports:write — progress reports on resolution items the partner is responsible for."""

from __future__ import annotations

import pytest
from rest_framework.test import APIClient

from forum.models import ProgressReport, ResolutionItem
from tests.forum.factories import ResolutionItemFactory

from .factories import make_key

pytestmark = pytest.mark.django_db


@pytest.fixture
def item(partner_a):
    item = ResolutionItemFactory()
    partner_a.resolution_items.add(item)
    return item


def post(key: str | None, item_id: int, **body):
    client = APIClient()
    if key:
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
    return client.post("/api/v1/resolution-reports/", {"item": item_id, "text": "Проведены 3 встречи", **body},
                       format="json")


def test_responsible_partner_reports_and_moves_the_item(partner_a, item):
    response = post(make_key(partner_a, "read,reports:write"), item.pk, new_status="in_progress", new_percent=40)
    assert response.status_code == 201, response.content
    item.refresh_from_db()
    assert item.status == "in_progress" and item.progress_percent == 40
    assert ProgressReport.objects.get().text == "Проведены 3 встречи"


@pytest.mark.parametrize(("who", "expected"), [("none", 401), ("no_scope", 403), ("b", 404)])
def test_others_cannot_report(partner_a, partner_b, item, who, expected):
    key = {"none": None, "no_scope": make_key(partner_a, "read,pledges:write"),
           "b": make_key(partner_b, "read,reports:write")}[who]
    assert post(key, item.pk).status_code == expected
    assert not ProgressReport.objects.exists()
    assert ResolutionItem.objects.get(pk=item.pk).status == item.status
