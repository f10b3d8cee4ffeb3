"""The list at city scale: bounded search, deep pages by ids, a cached count.

(The timings are measured in bench/; these tests hold the behaviour and the query counts.)
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.paginator import Paginator
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from initiatives import selectors
from initiatives.models import Initiative
from initiatives.pagination import FastPaginator

from .factories import InitiativeFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status
LIST_URL = "/initiatives/"


def make_many(count: int, title: str = "Скамейки во дворе") -> list[Initiative]:
    now = timezone.now()
    return [
        InitiativeFactory(title=f"{title} {n}", status=S.PUBLISHED, published_at=now - dt.timedelta(hours=n))
        for n in range(count)
    ]


def test_a_search_with_more_matches_than_candidates_shows_the_newest_and_says_so(login, monkeypatch):
    monkeypatch.setattr(selectors.catalogue, "SEARCH_CANDIDATES", 3)
    rows = make_many(5)
    InitiativeFactory(title="Освещение сквера", status=S.PUBLISHED)

    response = login().get(LIST_URL, {"q": "Скамейки", "sort": "newest"})

    assert [i.pk for i in response.context["page_obj"].object_list] == [r.pk for r in rows[:3]]
    assert response.context["filter"].search_capped is True
    assert "Найдено инициатив: больше 3" in response.content.decode()


def test_a_search_within_the_bound_is_not_capped(login, monkeypatch):
    monkeypatch.setattr(selectors.catalogue, "SEARCH_CANDIDATES", 3)
    make_many(3)

    response = login().get(LIST_URL, {"q": "Скамейки"})

    assert response.context["page_obj"].paginator.count == 3
    assert response.context["filter"].search_capped is False
    assert "Найдено инициатив: 3" in response.content.decode()


def test_the_bound_is_taken_after_the_other_filters(login, monkeypatch, district):
    monkeypatch.setattr(selectors.catalogue, "SEARCH_CANDIDATES", 2)
    make_many(4)  # newer matches elsewhere…
    old = timezone.now() - dt.timedelta(days=30)
    here = InitiativeFactory(title="Скамейки у школы", status=S.PUBLISHED, published_at=old,
                             microdistrict=None, district=district, scope="district")

    response = login().get(LIST_URL, {"q": "Скамейки", "district": district.slug})

    assert [i.pk for i in response.context["page_obj"].object_list] == [here.pk]


def test_deep_pages_show_the_same_rows_as_offset_pagination():
    make_many(45)
    queryset = selectors.order(selectors.with_card_data(selectors.public_initiatives()), "")

    for number in (1, 2, 3):
        fast = [i.pk for i in FastPaginator(queryset, 20).page(number).object_list]
        plain = [i.pk for i in Paginator(queryset, 20).page(number).object_list]
        assert fast == plain


def test_a_deep_page_costs_one_query_more_than_the_first(login, resident):
    make_many(45)
    client = login(resident)
    client.get(LIST_URL)

    def queries(params: dict) -> int:
        with CaptureQueriesContext(connection) as captured:
            assert client.get(LIST_URL, params).status_code == 200
        return len(captured)

    assert queries({"page": 3}) == queries({}) + 1


@pytest.fixture
def local_cache(settings):
    # The paginator's logic, not the cache server: a local cache cannot time out under load.
    from django.core.cache import caches

    settings.CACHES = {**settings.CACHES, "default": {
        "BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "list-at-scale"}}
    caches["default"].clear()
    yield
    caches["default"].clear()


def test_the_count_is_kept_for_a_minute_per_combination_of_filters(login, settings, local_cache):
    settings.INITIATIVE_COUNT_CACHE_SECONDS = 60
    make_many(3)
    client = login()
    assert client.get(LIST_URL, {"sort": "newest"}).context["page_obj"].paginator.count == 3

    make_many(2, title="Ещё")

    # The same filters in another order share the count (ordering does not change it); other filters do not.
    assert client.get(LIST_URL, {"sort": "supported"}).context["page_obj"].paginator.count == 3
    assert client.get(LIST_URL, {"status": "published"}).context["page_obj"].paginator.count == 5


def test_a_page_past_a_stale_count_is_clamped_not_an_error(login, settings, local_cache):
    settings.INITIATIVE_COUNT_CACHE_SECONDS = 60
    rows = make_many(25)
    client = login()
    assert client.get(LIST_URL, {"page": 2}).context["page_obj"].number == 2
    Initiative.objects.filter(pk__in=[r.pk for r in rows[:10]]).update(status=S.DRAFT)

    response = client.get(LIST_URL, {"page": 2})

    # The cached count still promises two pages; the second is simply empty until the count expires.
    assert response.status_code == 200
    assert list(response.context["page_obj"].object_list) == []


def test_a_search_costs_the_same_queries_whatever_the_number_of_matches(login, resident, django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    make_many(3)
    client = login(resident)
    client.get(LIST_URL, {"q": "Скамейки"})
    with CaptureQueriesContext(connection) as few:
        client.get(LIST_URL, {"q": "Скамейки"})

    make_many(40, title="Скамейки у дома")
    with django_assert_num_queries(len(few)):
        response = client.get(LIST_URL, {"q": "Скамейки"})
    assert len(response.context["page_obj"].object_list) == 20
