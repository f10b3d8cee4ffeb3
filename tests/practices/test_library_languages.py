"""The library in English: reference names in English, and the same queries as in Russian."""

from __future__ import annotations

import html

import pytest
from django.conf import settings
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from tests.factories import DistrictFactory

pytestmark = pytest.mark.django_db
URL = reverse("practices:library")


def library(language: str) -> tuple[str, int]:
    client = Client()
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    with CaptureQueriesContext(connection) as captured:
        response = client.get(URL)
    assert response.status_code == 200
    return html.unescape(response.content.decode()), len(captured.captured_queries)


def test_english_library_names_categories_districts_and_projects_in_english(make_case, make_best_practice):
    district = DistrictFactory(slug="komsomolsky", name_ru="Комсомольский", name_en="Komsomolsky")
    make_case(district=district)
    make_best_practice()

    english, _queries = library("en")
    for phrase in ("Public spaces and landscaping", "Environmental protection", "Environmental Well-Being"):
        assert phrase in english
    for phrase in ("Благоустройство территории", "Охрана окружающей среды", "Экологическое благополучие"):
        assert phrase not in english
    russian, _queries = library("ru")
    assert "Благоустройство территории" in russian and "Public spaces and landscaping" not in russian


def test_english_names_cost_no_query_per_practice(make_case, make_best_practice):
    """The names come with the rows (their language columns), not from a query per row."""
    for _ in range(2):
        make_case()
        make_best_practice()
    _text, few = library("en")
    for _ in range(10):
        make_case()
        make_best_practice()
    _text, many = library("en")
    _text, russian = library("ru")
    assert many == few == russian
