"""Categories and national projects in two languages (initiatives/translation.py, core.translated).

An English page shows the English name when staff filled it and the Russian otherwise; a Russian
page always the Russian. Caches are kept per language, the original column keeps the Russian
whatever language a row is saved in, and an empty English name never clashes with another.
"""

from __future__ import annotations

import io

import pytest
from django.conf import settings
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import translation

from core.demo import DemoRun
from core.sections_cache import generation
from initiatives.catalogue_cache import REFERENCE
from initiatives.demo.reference import CATEGORIES_EN, NATIONAL_PROJECTS_EN, load_reference_english
from initiatives.exports import initiative_rows
from initiatives.models import Category, Initiative, NationalProject
from stats.datasets import get_dataset
from tests.pages import page_text

from .factories import CategoryFactory, InitiativeFactory, NationalProjectFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status
@pytest.fixture
def translated_initiative() -> Initiative:
    category = CategoryFactory(slug="dvory-i-skvery", name_ru="Дворы и скверы", name_en="Courtyards and squares")
    project = NationalProjectFactory(slug="gorodskaya-sreda", name_ru="Городская среда", name_en="Urban Environment")
    return InitiativeFactory(title="Скамейки у подъезда", category=category, national_project=project)


def test_english_pages_show_the_english_names(translated_initiative):
    for url in (translated_initiative.get_absolute_url(), reverse("initiatives:list")):
        english = page_text(url, "en")
        assert "Courtyards and squares" in english, url
        assert "Дворы и скверы" not in english, url
    detail = page_text(translated_initiative.get_absolute_url(), "en")
    assert "Urban Environment" in detail and "Городская среда" not in detail


def test_russian_pages_show_the_russian_names(translated_initiative):
    for url in (translated_initiative.get_absolute_url(), reverse("initiatives:list")):
        russian = page_text(url)
        assert "Дворы и скверы" in russian, url
        assert "Courtyards and squares" not in russian, url
    detail = page_text(translated_initiative.get_absolute_url())
    assert "Городская среда" in detail and "Urban Environment" not in detail


def test_english_pages_fall_back_to_the_russian_name():
    category = CategoryFactory(slug="bez-perevoda", name="Без перевода")
    initiative = InitiativeFactory(title="Клумба у школы", category=category)
    assert category.name_en is None

    assert "Без перевода" in page_text(initiative.get_absolute_url(), "en")
    with translation.override("en"):
        assert Category.objects.get(pk=category.pk).name == "Без перевода"


def test_cached_cards_and_pages_serve_each_reader_their_language(
    local_caches, translated_initiative, resident, settings
):
    """A Russian reader fills the caches first; the English reader after them still reads English."""
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    url = reverse("initiatives:list")
    # Logged-in residents: no whole-page cache, cards from the fragment cache.
    assert "Дворы и скверы" in page_text(url, user=resident)
    english = page_text(url, "en", resident)
    assert "Courtyards and squares" in english and "Дворы и скверы" not in english
    # Visitors: the whole-page cache.
    assert "Дворы и скверы" in page_text(url)
    english = page_text(url, "en")
    assert "Courtyards and squares" in english and "Дворы и скверы" not in english
    assert "Дворы и скверы" in page_text(url)


def test_the_original_column_keeps_the_russian_when_saved_in_english(translated_initiative):
    """SQL past modeltranslation (open data, another model's lookups) reads `name`: always the Russian."""
    category = Category.objects.get(slug="dvory-i-skvery")
    with translation.override("en"):
        category.name = "Courtyards, squares and parks"
        category.save()
        category.refresh_from_db()
        category.name = "Courtyards and parks"
        category.save(update_fields=["name"])

    row = Category.objects.filter(pk=category.pk).values("name_ru", "name_en").get()
    assert row == {"name_ru": "Дворы и скверы", "name_en": "Courtyards and parks"}
    original = Initiative.objects.filter(pk=translated_initiative.pk).values_list("category__name", flat=True).get()
    assert original == "Дворы и скверы"


def test_untranslated_names_do_not_clash_but_english_names_stay_unique(client, superuser):
    client.force_login(superuser)
    add_url = reverse("admin:initiatives_category_add")
    for n in (1, 2):
        response = client.post(add_url, {
            "name_ru": f"Новая категория {n}", "name_en": "", "slug": f"novaya-{n}",
            "description_ru": "", "description_en": "", "sort_order": 50,
        })
        assert response.status_code == 302, response.context["adminform"].form.errors
    assert set(Category.objects.filter(slug__startswith="novaya-").values_list("name_en", flat=True)) == {None}

    response = client.post(add_url, {
        "name_ru": "Ещё одна", "name_en": "Culture", "slug": "eshche", "description_ru": "", "description_en": "",
        "sort_order": 50,
    })
    assert response.status_code == 200
    assert "name_en" in response.context["adminform"].form.errors
    assert not Category.objects.filter(slug="eshche").exists()


def test_admin_change_forms_have_both_languages(client, superuser):
    client.force_login(superuser)
    for obj in (Category.objects.get(slug="kultura"), NationalProject.objects.get(slug="semya")):
        url = reverse(f"admin:initiatives_{obj._meta.model_name}_change", args=[obj.pk])
        form = client.get(url).context["adminform"].form
        assert {"name_ru", "name_en", "description_ru", "description_en"} <= set(form.fields)
        assert "name" not in form.fields
        assert form.fields["name_ru"].required and not form.fields["name_en"].required


def test_an_english_speaking_administrator_keeps_the_russian_column(client, superuser):
    client.force_login(superuser)
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = "en"
    category = Category.objects.get(slug="kultura")
    response = client.post(reverse("admin:initiatives_category_change", args=[category.pk]), {
        "name_ru": "Культура и искусство", "name_en": "Culture and arts", "slug": "kultura",
        "description_ru": "", "description_en": "", "named_in_resolution": "on", "sort_order": 1,
    })
    assert response.status_code == 302
    row = Category.objects.filter(pk=category.pk).values("name_ru", "name_en").get()
    assert row == {"name_ru": "Культура и искусство", "name_en": "Culture and arts"}
    initiative = InitiativeFactory(category=category)
    assert Initiative.objects.filter(pk=initiative.pk).values_list("category__name", flat=True).get() == (
        "Культура и искусство"
    )


def test_migrations_give_the_seeded_rows_english_names():
    assert dict(Category.objects.values_list("slug", "name_en")) == CATEGORIES_EN
    projects = {p.slug: (p.name_en, p.description_en or "") for p in NationalProject.objects.all()}
    assert projects == NATIONAL_PROJECTS_EN
    assert Category.objects.get(slug="kultura").name_ru == "Культура"


def test_the_demo_fills_missing_english_names_once(django_capture_on_commit_callbacks):
    Category.objects.update(name_en=None)
    NationalProject.objects.update(name_en=None, description_en=None)
    run = DemoRun(with_users=False, password="", password_from_env=False, scale="demo", verbosity=1,
                  stdout=io.StringIO())
    before = generation(REFERENCE)

    with django_capture_on_commit_callbacks(execute=True):
        load_reference_english(run)

    assert generation(REFERENCE) != before  # cached cards and filters show the new names at once

    assert dict(Category.objects.values_list("slug", "name_en")) == CATEGORIES_EN
    assert dict(NationalProject.objects.values_list("slug", "name_en")) == {
        slug: name for slug, (name, _description) in NATIONAL_PROJECTS_EN.items()
    }
    assert NationalProject.objects.get(slug="infrastruktura-dlya-zhizni").description_en.startswith("Includes")
    assert "заполнено 20" in run.stdout.getvalue()

    again = DemoRun(with_users=False, password="", password_from_env=False, scale="demo", verbosity=1,
                    stdout=io.StringIO())
    load_reference_english(again)
    assert again.stdout.getvalue() == ""


def test_open_data_names_follow_the_file_language(translated_initiative):
    rows = get_dataset("initiatives").rows
    with translation.override("en"):
        english = next(row for row in rows() if row["id"] == translated_initiative.pk)
    with translation.override("ru"):
        russian = next(row for row in rows() if row["id"] == translated_initiative.pk)
    assert (english["category"], english["national_project"]) == ("Courtyards and squares", "Urban Environment")
    assert (russian["category"], russian["national_project"]) == ("Дворы и скверы", "Городская среда")
    assert english["district"] == russian["district"]  # the factory's district has no English name: its Russian


def test_staff_csv_names_the_category_in_the_staff_members_language_in_one_query(translated_initiative):
    for _ in range(3):
        InitiativeFactory(category=translated_initiative.category)
    with translation.override("en"), CaptureQueriesContext(connection) as captured:
        rows = list(initiative_rows(Initiative.objects.order_by("pk")))
    assert len(captured.captured_queries) == 1
    assert {row[3] for row in rows} == {"Courtyards and squares"}
    with translation.override("ru"):
        assert {row[3] for row in initiative_rows(Initiative.objects.all())} == {"Дворы и скверы"}
