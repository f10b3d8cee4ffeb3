"""National project pages: initiatives and progress, partners' programmes, the link from the initiative's tag."""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import NationalProject
from tests.initiatives.factories import InitiativeFactory
from tests.partners.factories import ApplicationFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def project(db) -> NationalProject:
    return NationalProject.objects.get(slug="infrastruktura-dlya-zhizni")


def test_page_lists_initiatives_progress_and_programmes(client, project):
    InitiativeFactory(national_project=project, title="Скамейки у площадки", status="implemented")
    applied = InitiativeFactory(national_project=project, title="Освещение дорожки")
    InitiativeFactory(national_project=project, title="Черновик", status="draft")
    ApplicationFactory(programme=ProgrammeFactory(title="Двор мечты"), initiative=applied)
    page = client.get(reverse("stats:national_project", args=[project.slug])).content.decode()
    assert "Скамейки у площадки" in page and "Освещение дорожки" in page and "Черновик" not in page
    assert "Двор мечты" in page and "реализовано 50 %" in page


def test_initiative_tag_links_to_the_project_page(client, project):
    initiative = InitiativeFactory(national_project=project)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert f'href="{reverse("stats:national_project", args=[project.slug])}"' in page


def test_list_and_unknown_project(client, project):
    assert project.name in client.get(reverse("stats:national_projects")).content.decode()
    assert client.get(reverse("stats:national_project", args=["net-takogo"])).status_code == 404


def test_page_queries_do_not_grow_with_initiatives(client, project):
    url = reverse("stats:national_project", args=[project.slug])

    def count() -> int:
        cache.clear()  # the status counts are cached; compare the uncached page
        with CaptureQueriesContext(connection) as captured:
            client.get(url)
        return len(captured)

    for _ in range(3):
        InitiativeFactory(national_project=project)
    few = count()
    for _ in range(25):
        InitiativeFactory(national_project=project)
    assert count() == few
