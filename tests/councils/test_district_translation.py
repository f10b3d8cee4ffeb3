"""District names in two languages (councils/translation.py): pages, grouped choices, cached results, API, admin."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from councils.models import District
from tests.factories import CouncilFactory, DistrictFactory, MicrodistrictFactory
from tests.pages import page_text

pytestmark = pytest.mark.django_db

@pytest.fixture
def district() -> District:
    district = DistrictFactory(slug="avtozavodsky", name_ru="Автозаводский", name_en="Avtozavodsky",
                               description_ru="Новый город.", description_en="The new town.")
    microdistrict = MicrodistrictFactory(district=district, name="7 квартал", slug="kvartal-7")
    CouncilFactory(microdistrict=microdistrict, district=district, name="Общественный совет 7 квартала")
    return district


def test_district_page_in_each_language(district):
    english = page_text(district.get_absolute_url(), "en")
    assert "Avtozavodsky" in english and "The new town." in english
    assert "Автозаводский" not in english and "Новый город." not in english
    russian = page_text(district.get_absolute_url())
    assert "Автозаводский" in russian and "Avtozavodsky" not in russian


@pytest.mark.parametrize("url", ["/councils/", "/initiatives/"])
def test_grouped_microdistrict_choices_name_the_district_in_the_readers_language(district, url):
    english = page_text(url, "en")
    assert '<optgroup label="Avtozavodsky">' in english
    assert "Автозаводский" not in english
    assert '<optgroup label="Автозаводский">' in page_text(url)


def test_a_district_without_english_shows_its_russian(district):
    other = DistrictFactory(slug="tsentralny", name="Центральный")
    MicrodistrictFactory(district=other, name="Портовый", slug="portovy")
    english = page_text("/councils/", "en")
    assert '<optgroup label="Центральный">' in english
    assert "Центральный" in page_text(other.get_absolute_url(), "en")


def test_cached_council_results_follow_the_readers_language(local_caches, district, resident):
    russian = page_text("/councils/", user=resident)
    assert ">Автозаводский</a>" in russian
    english = page_text("/councils/", "en", user=resident)
    assert ">Avtozavodsky</a>" in english and "Автозаводский" not in english


def test_api_names_follow_the_request_language(district):
    client = Client()
    english = client.get("/api/v1/districts/", HTTP_ACCEPT_LANGUAGE="en").json()
    russian = client.get("/api/v1/districts/").json()
    assert [(d["slug"], d["name"], d["description"]) for d in english] == [
        ("avtozavodsky", "Avtozavodsky", "The new town.")
    ]
    assert [(d["slug"], d["name"]) for d in russian] == [("avtozavodsky", "Автозаводский")]


def test_admin_change_form_has_both_languages(client, superuser, district):
    client.force_login(superuser)
    form = client.get(reverse("admin:councils_district_change", args=[district.pk])).context["adminform"].form
    assert {"name_ru", "name_en", "description_ru", "description_en"} <= set(form.fields)
    assert "name" not in form.fields
    assert form.fields["name_ru"].required and not form.fields["name_en"].required
