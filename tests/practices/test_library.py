"""The library page: both sources, filters, search, bad input, constant queries."""

from __future__ import annotations

from decimal import Decimal

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Category
from tests.factories import DistrictFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db
URL = reverse("practices:library")


def test_library_lists_best_practice_initiatives_and_published_cases(client, make_case, make_best_practice):
    case = make_case(title="Двор без машин на газонах")
    initiative = make_best_practice(title="Липы в сквере на улице Баныкина")
    hidden = make_case(title="Неопубликованная практика", is_published=False)
    plain = InitiativeFactory(status="implemented", title="Обычная реализованная")
    page = client.get(URL).content.decode()
    assert case.title in page and initiative.title in page
    assert hidden.title not in page and plain.title not in page


def test_filters_by_category_district_budget_year_and_search(client, make_case, make_best_practice):
    other_district = DistrictFactory()
    cheap = make_case(title="Дешёвая практика", budget=Decimal("40000"), year=2025)
    make_case(title="Дорогая практика", budget=Decimal("900000"), district=other_district)
    tree = make_best_practice(title="Липы в сквере")
    assert "Дорогая" not in client.get(URL, {"budget_max": "100000"}).content.decode()
    page = client.get(URL, {"year": "2025"}).content.decode()
    assert cheap.title in page and "Дорогая" not in page
    page = client.get(URL, {"district": other_district.pk}).content.decode()
    assert "Дорогая" in page and cheap.title not in page
    page = client.get(URL, {"category": Category.objects.get(slug="ekologiya").pk}).content.decode()
    assert tree.title in page and cheap.title not in page
    page = client.get(URL, {"q": "питомник"}).content.decode()
    assert tree.title in page and cheap.title not in page
    year = timezone.now().year
    assert tree.title in client.get(URL, {"year": str(year)}).content.decode()


def test_bad_filter_values_are_form_errors_not_500(client, make_case):
    for params in ({"budget_min": "много"}, {"category": "999999"}, {"year": "abc"},
                   {"budget_min": "500", "budget_max": "100"}, {"page": "-3"}):
        assert client.get(URL, params).status_code == 200


def test_library_queries_do_not_grow_with_practices(client, make_case, make_best_practice):
    for _ in range(2):
        make_case()
        make_best_practice()
    with CaptureQueriesContext(connection) as few:
        client.get(URL)
    for _ in range(15):
        make_case()
        make_best_practice()
    with CaptureQueriesContext(connection) as many:
        client.get(URL)
    assert len(many) == len(few)


def test_case_page_has_no_private_contact(client, make_case):
    case = make_case(contact_role="председатель совета ТОС — через управляющего микрорайоном")
    page = client.get(case.get_absolute_url()).content.decode()
    assert "через управляющего микрорайоном" in page and "Повторить практику" in page
