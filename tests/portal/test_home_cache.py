"""Home for a logged-in resident: districts and the forum block from the cache, cards from the
fragment cache; a new TOS counts at once."""

from __future__ import annotations

import re

import pytest
from django.core.cache import caches
from django.test import override_settings

from initiatives.models import Initiative
from tests.factories import DistrictFactory, TOSFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

LOCAL = override_settings(CACHES={
    "default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "home-default"},
    "fragments": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "home-fragments"},
})


@pytest.fixture(autouse=True)
def local_caches():
    with LOCAL:
        caches["default"].clear()
        caches["fragments"].clear()
        yield


def test_home_costs_the_session_user_and_the_collecting_initiatives(client, resident, django_assert_num_queries):
    InitiativeFactory(title="Скамейки у третьего подъезда", status=Initiative.Status.PUBLISHED)
    DistrictFactory(name="Автозаводский")
    client.force_login(resident)
    first = client.get("/").content.decode()
    with django_assert_num_queries(3):  # session, user, the initiatives collecting support
        again = client.get("/").content.decode()
    token = re.compile(r'name="csrfmiddlewaretoken" value="[^"]+"')  # masked anew on every response
    assert token.sub("", again) == token.sub("", first)
    assert "Скамейки у третьего подъезда" in again and "Автозаводский" in again


def test_a_new_tos_counts_at_once(client, resident):
    district = DistrictFactory(name="Центральный")
    client.force_login(resident)
    assert "<dt>ТОС</dt><dd>0</dd>" in client.get("/").content.decode()
    TOSFactory(district=district)
    assert "<dt>ТОС</dt><dd>1</dd>" in client.get("/").content.decode()
