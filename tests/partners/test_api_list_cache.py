"""The API's initiative list is kept between changes of the catalogue, and every change shows at once.

A page is served from the cache only while the catalogue's and the councils' generations are the
ones it was computed in; publishing, a status change, a support, an edit and a renamed slug move
them (after the commit: the tests run the commit callbacks). Keys, scopes and throttles are
checked on every request, cached page or not.
"""

from __future__ import annotations

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from rest_framework.test import APIClient

from initiatives import services
from initiatives.api import cache as list_cache
from initiatives.models import Category, Initiative
from partners.models import PartnerApiKey
from partners.services.keys import key_revoke
from tests.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory

from .factories import make_key

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def kept(settings):
    settings.API_LIST_CACHE_SECONDS = 60  # the test settings turn it off for every other test


@pytest.fixture
def committed(django_capture_on_commit_callbacks):
    """A change made inside it is committed as far as the cache can tell (its callbacks run)."""
    return lambda: django_capture_on_commit_callbacks(execute=True)


URL = "/api/v1/initiatives/"


def fetch(client: APIClient | None = None, url: str = URL, **params):
    """The response and the number of queries it took."""
    client = client or APIClient()
    with CaptureQueriesContext(connection) as captured:
        response = client.get(url, params)
    return response, len(captured.captured_queries)


def rows(client: APIClient | None = None, **params) -> dict[int, dict]:
    response, _queries = fetch(client, **params)
    assert response.status_code == 200, response.content
    return {row["id"]: row for row in response.json()["results"]}


def test_the_second_request_is_the_same_page_from_the_cache():
    InitiativeFactory.create_batch(3)
    first, first_queries = fetch(page_size=2)
    second, second_queries = fetch(page_size=2)
    assert first.status_code == second.status_code == 200
    assert first_queries == 1 and second_queries == 0
    assert second.content == first.content
    assert dict(second.items()) == dict(first.items())  # headers
    # The cursor link of the kept page leads on as the computed one does.
    assert len(APIClient().get(second.json()["next"]).json()["results"]) == 1


def test_a_published_initiative_shows_on_the_next_request(moderator, committed):
    InitiativeFactory()
    pending = InitiativeFactory(status=Initiative.Status.MODERATION, district=moderator.moderated_district,
                                microdistrict=None, scope="district")
    assert pending.pk not in rows()
    with committed():
        services.initiative_publish(pending, actor=moderator)
    assert rows()[pending.pk]["status"] == "published"


def test_supports_added_and_withdrawn_show_on_the_next_request(committed):
    initiative = InitiativeFactory(support_threshold=100)
    resident = UserFactory()
    assert rows()[initiative.pk]["support_count"] == 0
    with committed():
        services.support_add(initiative, user=resident)
    assert rows()[initiative.pk]["support_count"] == 1
    with committed():
        services.support_withdraw(initiative, user=resident)
    assert rows()[initiative.pk]["support_count"] == 0


def test_status_changes_show_and_a_withdrawn_initiative_leaves_the_list(moderator, committed):
    forwarded = InitiativeFactory(district=moderator.moderated_district, microdistrict=None, scope="district")
    withdrawn = InitiativeFactory()
    before = rows()
    assert before[forwarded.pk]["status"] == "published" and withdrawn.pk in before
    assert set(rows(status="published")) == {forwarded.pk, withdrawn.pk}
    with committed():
        services.initiative_forward(forwarded, actor=moderator)
        services.initiative_withdraw(withdrawn, actor=withdrawn.author)
    after = rows()
    assert after[forwarded.pk]["status"] == "consideration"
    assert withdrawn.pk not in after
    # Filtered pages are kept under their own keys and move with the same generations.
    assert list(rows(status="published")) == []


def test_edits_in_the_admin_and_renamed_slugs_show_on_the_next_request(committed):
    initiative = InitiativeFactory()
    rows()
    with committed():
        initiative.title = "Новое название"
        initiative.save()
    assert rows()[initiative.pk]["title"] == "Новое название"
    with committed():
        category = Category.objects.get(pk=initiative.category_id)
        category.slug = "new-slug"
        category.save()
    assert rows()[initiative.pk]["category"] == "new-slug"
    with committed():
        microdistrict = initiative.microdistrict
        microdistrict.slug = "renamed-microdistrict"
        microdistrict.save()
    assert rows()[initiative.pk]["microdistrict"] == "renamed-microdistrict"
    with committed():
        initiative.delete()
    assert rows() == {}


def test_a_page_read_before_the_commit_is_not_served_after_it(django_capture_on_commit_callbacks):
    # Another connection computing the page between the change and its commit reads the old
    # rows; the generation moves after the commit, so such a page is never served again.
    initiative = InitiativeFactory(support_threshold=100)
    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.support_add(initiative, user=UserFactory())
        Initiative.objects.filter(pk=initiative.pk).update(support_count=0)  # as the other connection read it
        assert rows()[initiative.pk]["support_count"] == 0  # kept under the generations of before the commit
        Initiative.objects.filter(pk=initiative.pk).update(support_count=1)
    assert callbacks
    for callback in callbacks:
        callback()  # the commit
    assert rows()[initiative.pk]["support_count"] == 1


def test_a_lost_generation_never_brings_an_old_page_back():
    initiative = InitiativeFactory()
    assert rows()[initiative.pk]["title"] == initiative.title
    cache.delete(list_cache.GENERATION_KEYS[0])  # evicted
    Initiative.objects.filter(pk=initiative.pk).update(title="Изменено мимо сигналов")
    assert rows()[initiative.pk]["title"] == "Изменено мимо сигналов"


def test_pages_differ_by_host_media_type_and_unknown_parameters_are_not_kept():
    initiative = InitiativeFactory()
    assert rows()[initiative.pk]["web_url"].startswith("http://testserver/")
    other_host = APIClient(HTTP_HOST="localhost")
    assert rows(other_host)[initiative.pk]["web_url"].startswith("http://localhost/")
    indented = APIClient().get(URL, HTTP_ACCEPT="application/json; indent=2")
    assert indented.content.startswith(b'{\n  "next"')
    assert APIClient().get(URL).content.startswith(b'{"next"')
    # A parameter the list does not read: answered, not kept.
    assert fetch(bench="1")[1] == 1 and fetch(bench="1")[1] == 1
    assert fetch(category="x" * 201)[1] == 1 and fetch(category="x" * 201)[1] == 1


def test_keys_scopes_and_throttles_are_checked_before_a_kept_page(partner_a, settings):
    InitiativeFactory()
    assert fetch()[0].status_code == 200  # the page is kept now
    good = make_key(partner_a)
    no_read = make_key(partner_a, scopes="pledges:write")
    revoked = make_key(partner_a, name="old")
    key_revoke(PartnerApiKey.objects.get(name="old"))

    def with_key(key: str):
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Api-Key {key}")
        return fetch(client)[0]

    assert with_key(good).status_code == 200
    assert with_key(no_read).status_code == 403
    assert with_key(revoked).status_code == 401
    assert with_key("nonsense.key").status_code == 401
    partner_a.is_verified = False
    partner_a.save()
    assert with_key(good).status_code == 401
    settings.API_THROTTLE_RATES = {"anon": "2/min", "key": "2/min"}
    client = APIClient(REMOTE_ADDR="203.0.113.9")
    assert [fetch(client)[0].status_code for _ in range(3)] == [200, 200, 429]


@pytest.mark.parametrize("cache_off", ["setting", "dummy cache"])
def test_without_a_cache_the_list_is_computed_each_time(settings, cache_off):
    if cache_off == "setting":
        settings.API_LIST_CACHE_SECONDS = 0
    else:
        settings.CACHES = {**settings.CACHES, "default": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
    initiative = InitiativeFactory()
    assert fetch()[1] == 1 and fetch()[1] == 1
    Initiative.objects.filter(pk=initiative.pk).update(title="Без кэша")
    assert rows()[initiative.pk]["title"] == "Без кэша"
