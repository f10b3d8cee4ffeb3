"""The list's body (filters, count, cards, page links) is cached for every reader of one query.

It is kept until the catalogue's generation moves (initiatives.catalogue_cache): after the
commit of any change to an initiative, a support, a photo, a category or a national
project, and with the councils' generation for district names. The resident's own marks
(«Вы поддержали») are never in the cached HTML.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.db.models import F
from django.test.utils import CaptureQueriesContext

from initiatives import services
from initiatives.catalogue_cache import catalogue_changed
from initiatives.models import Initiative, InitiativePhoto
from tests.factories import UserFactory

from .factories import CategoryFactory, InitiativeFactory, PhotoFactory, SupportFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status
LIST_URL = "/initiatives/"


@pytest.fixture
def caches_on(local_caches):
    return local_caches


def initiative_queries(client, path: str = LIST_URL) -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(path)
    assert response.status_code == 200
    return response.content.decode(), sum(
        'from "initiatives_initiative"' in q["sql"].lower() for q in captured.captured_queries
    )


def test_a_second_resident_gets_the_list_without_reading_the_initiatives(caches_on, login, resident):
    InitiativeFactory(title="Скамейки у подъезда", status=S.PUBLISHED)
    first, first_queries = initiative_queries(login(resident))

    other = login(UserFactory())
    second, second_queries = initiative_queries(other)

    assert "Скамейки у подъезда" in first and "Скамейки у подъезда" in second
    assert first_queries >= 1
    assert second_queries == 0


def test_the_list_from_the_cache_costs_a_fixed_number_of_queries(
    caches_on, login, resident, django_assert_num_queries
):
    for number in range(5):
        InitiativeFactory(title=f"Инициатива {number}", status=S.PUBLISHED)
    client = login(resident)
    client.get(LIST_URL)

    # session, user, the resident's supports among the page's ids
    with django_assert_num_queries(3):
        assert client.get(LIST_URL).status_code == 200


def test_marks_are_each_readers_own_even_from_the_shared_html(caches_on, login, resident):
    supported = InitiativeFactory(title="Поддержанная", status=S.PUBLISHED)
    InitiativeFactory(title="Другая", status=S.PUBLISHED)
    SupportFactory(initiative=supported, user=resident)
    neighbour = UserFactory()

    as_neighbour = login(neighbour).get(LIST_URL).content.decode()  # fills the cache
    as_resident = login(resident).get(LIST_URL).content.decode()
    as_visitor = login().get(LIST_URL).content.decode()

    assert "initiative-card-supported" not in as_neighbour
    assert as_resident.count("initiative-card-supported") == 1
    mark = as_resident.index("initiative-card-supported")
    assert as_resident.rindex("Поддержанная", 0, mark) > as_resident.rindex("<article", 0, mark)
    assert "initiative-card-supported" not in as_visitor
    assert "<!--supported:" not in as_resident + as_neighbour + as_visitor


def test_the_page_number_in_the_title_comes_with_the_cached_body(caches_on, login, resident, settings):
    settings.INITIATIVE_COUNT_CACHE_SECONDS = 0
    for number in range(25):
        InitiativeFactory(title=f"Инициатива {number}", status=S.PUBLISHED)
    client = login(resident)
    client.get(LIST_URL + "?page=2")

    html = client.get(LIST_URL + "?page=2").content.decode()

    assert "страница 2" in html.split("</title>")[0]


@pytest.mark.parametrize("change", ["support", "new initiative", "status", "title", "photo", "category", "district"])
def test_every_change_the_list_shows_is_there_on_the_next_request(
    caches_on, login, resident, moderator, district, django_capture_on_commit_callbacks, change
):
    category = CategoryFactory(slug="blagoustroystvo-test", name="Благоустройство двора")
    initiative = InitiativeFactory(
        title="Скамейки у подъезда", status=S.PUBLISHED, support_threshold=100, district=district, category=category
    )
    client = login(resident)
    before = client.get(LIST_URL).content.decode()
    assert "Скамейки у подъезда" in before

    with django_capture_on_commit_callbacks(execute=True):
        if change == "support":
            services.support_add(initiative, user=UserFactory())
            expected = "<strong>1</strong>"
        elif change == "new initiative":
            draft = InitiativeFactory(title="Новая площадка", status=S.MODERATION, district=district)
            services.initiative_publish(draft, actor=moderator)
            expected = "Новая площадка"
        elif change == "status":
            services.initiative_withdraw(initiative, actor=initiative.author)
            expected = "Найдено инициатив: 0"
        elif change == "title":
            initiative.title = "Скамейки и урны у подъезда"
            initiative.save()
            expected = "Скамейки и урны у подъезда"
        elif change == "photo":
            PhotoFactory(initiative=initiative, kind=InitiativePhoto.Kind.GALLERY)
            expected = "<img"
        elif change == "category":
            category.name = "Двор и детская площадка"
            category.save()
            expected = "Двор и детская площадка"
        else:
            district.name = "Комсомольский район (переименован)"
            district.save()
            expected = "Комсомольский район (переименован)"

    after = client.get(LIST_URL).content.decode()
    assert expected not in before.split("<main")[1]
    assert expected in after.split("<main")[1]


def test_a_change_that_sends_no_signal_shows_once_it_says_so(
    caches_on, login, resident, django_capture_on_commit_callbacks
):
    # QuerySet.update() sends no signal; code that uses it calls catalogue_changed().
    initiative = InitiativeFactory(title="Скамейки у подъезда", status=S.PUBLISHED, support_threshold=100)
    client = login(resident)
    client.get(LIST_URL)
    Initiative.objects.filter(pk=initiative.pk).update(support_count=F("support_count") + 7)

    stale = client.get(LIST_URL).content.decode()
    with django_capture_on_commit_callbacks(execute=True) as callbacks:
        catalogue_changed()
    fresh = client.get(LIST_URL).content.decode()

    assert len(callbacks) == 1  # after the commit, not before
    assert "<strong>7</strong>" not in stale
    assert "<strong>7</strong>" in fresh


def test_query_strings_outside_the_filters_are_served_but_not_kept(caches_on, login, resident):
    InitiativeFactory(title="Скамейки у подъезда", status=S.PUBLISHED)
    client = login(resident)
    client.get(LIST_URL + "?utm_source=vk")

    _html, queries = initiative_queries(client, LIST_URL + "?utm_source=vk")

    assert queries >= 1
