"""The detail page's gallery, timeline, answers, reports and group come from the cache until they change.

Fragments are a real (local-memory) cache here: the test settings turn them off elsewhere.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext

from initiatives import services
from initiatives.models import CoauthorInvitation, Initiative
from tests.factories import UserFactory

from .factories import InitiativeFactory, OfficialResponseFactory, PhotoFactory, StatusChangeFactory, add_coauthor

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _caches_on(local_caches):
    return local_caches


def page(client, initiative) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), len(captured.captured_queries)


def test_second_view_skips_the_five_row_queries_and_the_names(client, resident, django_assert_num_queries):
    initiative = InitiativeFactory(status=Initiative.Status.PUBLISHED)
    PhotoFactory(initiative=initiative)
    client.force_login(resident)
    page(client, initiative)  # caches the bell's count too
    _, second = page(client, initiative)
    caches["fragments"].clear()
    _, uncached = page(client, initiative)
    # gallery, timeline, answers, reports, group; the names (category, place, author), read
    # only when the shared blocks are rendered (initiatives.detail_blocks); the discussion's
    # counts; and partners' pledges, applications and members (tests/partners/test_panel_cache.py).
    assert second == uncached - 7 - 3


def test_rows_added_or_removed_show_at_once(client, resident):
    initiative = InitiativeFactory(status=Initiative.Status.PUBLISHED)
    author = initiative.author
    client.force_login(resident)
    html, _ = page(client, initiative)
    assert "Площадка включена в план" not in html

    OfficialResponseFactory(initiative=initiative)
    assert "Площадка включена в план" in page(client, initiative)[0]

    PhotoFactory(initiative=initiative, caption="Двор до ремонта")
    assert "Двор до ремонта" in page(client, initiative)[0]

    StatusChangeFactory(initiative=initiative, reason="Передано в совет микрорайона")
    assert "Передано в совет микрорайона" in page(client, initiative)[0]

    coauthor = add_coauthor(initiative, UserFactory(display_name="Соавтор Пётр"))
    assert "Соавтор Пётр" in page(client, initiative)[0]
    invitation = CoauthorInvitation.objects.get(initiative=initiative, user=coauthor)
    services.invitation_revoke(invitation, actor=author)  # a queryset update: no signal
    assert "Соавтор Пётр" not in page(client, initiative)[0]
