"""The resolution page's and the home page's forum rows come from the cache until the forum changes.

Fragments are a real (local-memory) cache here: the test settings turn them off elsewhere.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum.models import ProgressReport
from initiatives.models import Initiative
from tests.factories import CouncilFactory, UserFactory

from .factories import ResolutionItemFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def local_fragments(local_caches):
    return local_caches


@pytest.fixture
def item():
    item = ResolutionItemFactory(number=1, text="отремонтировать дворы", progress_percent=40)
    council = CouncilFactory(name="Совет микрорайона 5")
    item.responsible_councils.add(council)
    item.initiatives.add(Initiative.objects.create(
        title="Скамейки у школы", summary="…", author=UserFactory(), scope="city", status="implemented",
    ))
    return item


def page(client: Client, item) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(reverse("forum:resolution", args=[item.resolution.edition.year]))
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def test_second_view_reads_the_whole_page_from_the_cache(item, resident, django_assert_num_queries):
    client = Client()
    client.force_login(resident)
    _, first = page(client, item)
    # session, user, the reader's roles and council seats (may they report on an item?)
    with django_assert_num_queries(4):
        html = client.get(reverse("forum:resolution", args=[item.resolution.edition.year])).content.decode()
    assert first > 4
    assert "отремонтировать дворы" in html and "Скамейки у школы" in html


def test_a_council_member_gets_their_report_button_after_a_resident_filled_the_cache(item, resident):
    from tests.factories import CouncilMemberFactory

    member = UserFactory()
    CouncilMemberFactory(council=item.responsible_councils.get(), user=member)
    as_resident = Client()
    as_resident.force_login(resident)
    as_member = Client()
    as_member.force_login(member)

    resident_html, _ = page(as_resident, item)
    member_html, _ = page(as_member, item)
    visitor_html, _ = page(Client(), item)

    assert "Добавить отчёт" not in resident_html
    assert "Добавить отчёт" in member_html
    assert "Добавить отчёт" not in visitor_html
    assert "Мои регистрации" in resident_html and "Мои регистрации" not in visitor_html


def test_changes_show_at_once(item, resident, django_capture_on_commit_callbacks):
    client = Client()
    client.force_login(resident)
    html, _ = page(client, item)
    assert "Отчётов об исполнении пока нет" in html and "Скамейки у школы" in html

    ProgressReport.objects.create(item=item, text="Два двора готовы.", reported_on=dt.date(2026, 1, 1))
    html, _ = page(client, item)
    assert "Два двора готовы." in html

    council = item.responsible_councils.get()
    council.name = "Совет микрорайона 7"
    council.save()
    assert "Совет микрорайона 7" in page(client, item)[0]

    item.text = "отремонтировать все дворы"
    item.save()
    assert "отремонтировать все дворы" in page(client, item)[0]

    # A linked initiative that stops being public leaves the page though the forum bumped
    # nothing: the initiatives' catalogue generation moves after the commit.
    linked = Initiative.objects.get(title="Скамейки у школы")
    with django_capture_on_commit_callbacks(execute=True):
        linked.status = "draft"
        linked.save()
    assert "Скамейки у школы" not in page(client, item)[0]


def test_home_forum_block_follows_the_resolution(item, client):
    home = client.get("/").content.decode()
    assert "Исполнено:" in home and "40 %" in home
    item.progress_percent = 70
    item.save()
    assert "70 %" in client.get("/").content.decode()
