"""National project pages in English: the project's and the districts' English names, no query per row."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.core.cache import cache
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from initiatives.models import NationalProject
from stats import figures
from tests.factories import DistrictFactory, MicrodistrictFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def english(url: str) -> tuple[str, int]:
    cache.clear()  # the status counts are cached; compare the uncached page
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url)
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(captured)


def test_project_pages_in_english():
    project = NationalProject.objects.get(slug="infrastruktura-dlya-zhizni")
    district = DistrictFactory(slug="tsentralny", name_ru="Центральный", name_en="Tsentralny")
    microdistrict = MicrodistrictFactory(district=district)
    url = reverse("stats:national_project", args=[project.slug])
    for _ in range(2):
        InitiativeFactory(national_project=project, microdistrict=microdistrict)
    page, few = english(url)
    assert "Infrastructure for Life" in page and "courtyards, parks and public spaces" in page
    assert "Tsentralny" in page and "Центральный" not in page and "Инфраструктура для жизни" not in page
    for _ in range(10):
        InitiativeFactory(national_project=project, microdistrict=microdistrict)
    _page, many = english(url)
    assert many == few

    listing, _queries = english(reverse("stats:national_projects"))
    assert "Infrastructure for Life" in listing and "Family" in listing and "Семья" not in listing


def test_figures_name_districts_in_the_figures_language():
    district = DistrictFactory(slug="tsentralny", name_ru="Центральный", name_en="Tsentralny")
    InitiativeFactory(microdistrict=MicrodistrictFactory(district=district, name="Портовый"))
    for slug in ("initiatives-by-district", "initiatives-by-microdistrict"):
        with translation.override("en"):
            english = str(figures.build(slug).rows)
        with translation.override("ru"):
            russian = str(figures.build(slug).rows)
        assert "Tsentralny" in english and "Центральный" not in english, slug
        assert "Центральный" in russian and "Tsentralny" not in russian, slug
