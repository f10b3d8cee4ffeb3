"""Home for a logged-in resident: districts and the forum block from the cache, cards from the
fragment cache; a new TOS counts at once."""

from __future__ import annotations

import re

import pytest

from initiatives.models import Initiative
from tests.factories import DistrictFactory, TOSFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _caches_on(local_caches):
    return local_caches


def test_home_for_a_resident_costs_the_session_and_the_user_alone(client, resident, django_assert_num_queries):
    InitiativeFactory(title="Скамейки у третьего подъезда", status=Initiative.Status.PUBLISHED)
    DistrictFactory(name="Автозаводский")
    client.force_login(resident)
    first = client.get("/").content.decode()
    with django_assert_num_queries(2):  # session, user: the content is cached for everybody
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


def test_a_residents_microdistrict_is_theirs_on_the_shared_content(client, resident):
    from tests.factories import MicrodistrictFactory, UserFactory

    resident.home_microdistrict = MicrodistrictFactory(name="Квартал 7")
    resident.save()
    neighbour = UserFactory(home_microdistrict=None)
    client.force_login(neighbour)
    as_neighbour = client.get("/").content.decode()
    client.force_login(resident)
    as_resident = client.get("/").content.decode()

    assert "Ваш микрорайон:" not in as_neighbour
    assert "Ваш микрорайон:" in as_resident and "Квартал 7" in as_resident
    assert "<!--home-microdistrict-->" not in as_resident + as_neighbour


def test_a_new_initiative_collecting_support_shows_on_the_next_request(
    client, resident, moderator, district, django_capture_on_commit_callbacks
):
    from initiatives import services

    client.force_login(resident)
    before = client.get("/").content.decode()
    draft = InitiativeFactory(title="Лавочки у школы", status=Initiative.Status.MODERATION, district=district)
    with django_capture_on_commit_callbacks(execute=True):
        services.initiative_publish(draft, actor=moderator)
    after = client.get("/").content.decode()

    assert "Лавочки у школы" not in before
    assert "Лавочки у школы" in after
