"""Members' page for progress reports on resolution items their organisation is responsible for."""

from __future__ import annotations

import pytest
from django.test import Client

from forum.models import ProgressReport, ResolutionItem
from partners.services.organisations import member_add
from tests.factories import UserFactory
from tests.forum.factories import ResolutionItemFactory

pytestmark = pytest.mark.django_db


def _member(partner):
    user = UserFactory()
    member_add(partner, user)
    return user


@pytest.fixture
def item(partner_a):
    item = ResolutionItemFactory()
    partner_a.resolution_items.add(item)
    return item


def test_member_sees_own_items_and_reports_moving_the_item(client: Client, partner_a, item):
    other = ResolutionItemFactory()
    member = _member(partner_a)
    client.force_login(member)
    page = client.get("/partners/my/reports/")
    assert page.status_code == 200 and f'id="item-{item.pk}"' in page.content.decode()
    assert f'id="item-{other.pk}"' not in page.content.decode()
    response = client.post(f"/partners/my/reports/{item.pk}/",
                           {"text": "Проведены 3 встречи", "new_status": "in_progress", "new_percent": "40"})
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.status == "in_progress" and item.progress_percent == 40
    report = ProgressReport.objects.get()
    assert report.text == "Проведены 3 встречи" and report.author == member


def test_bad_input_is_a_message_not_an_error(client: Client, partner_a, item):
    client.force_login(_member(partner_a))
    response = client.post(f"/partners/my/reports/{item.pk}/", {"text": "", "new_percent": "140"}, follow=True)
    assert response.status_code == 200 and "Проверьте поля отчёта" in response.content.decode()
    assert not ProgressReport.objects.exists()


@pytest.mark.parametrize(("who", "expected"), [("anonymous", 302), ("resident", 404), ("partner_b", 404),
                                               ("staff", 404)])
def test_others_cannot_report_on_partner_as_item(client: Client, partner_a, partner_b, item, who, expected):
    user = {"anonymous": None, "resident": UserFactory(), "partner_b": _member(partner_b),
            "staff": UserFactory(is_staff=True, is_superuser=True)}[who]
    if user:
        client.force_login(user)
    assert client.post(f"/partners/my/reports/{item.pk}/", {"text": "x"}).status_code == expected
    assert not ProgressReport.objects.exists()
    assert ResolutionItem.objects.get(pk=item.pk).status == item.status
