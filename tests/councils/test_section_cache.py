"""The council list's results are cached for everybody until the registry changes."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from tests.factories import CouncilFactory, CouncilMemberFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def caches_on(local_caches):
    return local_caches


def council_queries(client, path: str = "/councils/") -> tuple[str, int]:
    with CaptureQueriesContext(connection) as captured:
        html = client.get(path).content.decode()
    return html, sum("councils_council" in q["sql"] for q in captured.captured_queries)


def test_the_second_resident_reads_the_results_from_the_cache(caches_on, client, resident):
    CouncilFactory(name="Совет микрорайона Жигули")
    client.force_login(resident)

    first, first_queries = council_queries(client)
    second, second_queries = council_queries(client)

    assert "Совет микрорайона Жигули" in first and "Совет микрорайона Жигули" in second
    assert first_queries >= 1 and second_queries == 0


@pytest.mark.parametrize("change", ["new council", "renamed", "new chair"])
def test_any_change_to_the_registry_shows_at_once(caches_on, client, change):
    council = CouncilFactory(name="Совет микрорайона Жигули")
    council_queries(client)

    if change == "new council":
        CouncilFactory(name="Совет микрорайона Новый")
        expected = "Совет микрорайона Новый"
    elif change == "renamed":
        council.name = "Совет микрорайона Волга"
        council.save()
        expected = "Совет микрорайона Волга"
    else:
        CouncilMemberFactory(council=council, full_name="Сидорова Анна", role="chair")
        expected = "Сидорова Анна"

    assert expected in council_queries(client)[0]


def test_filters_and_pages_have_their_own_entries_and_odd_parameters_are_not_kept(caches_on, client, district):
    CouncilFactory(name="Совет микрорайона Жигули")
    council_queries(client)

    _, filtered = council_queries(client, f"/councils/?district={district.slug}")
    _, odd = council_queries(client, "/councils/?utm_source=x")
    _, odd_again = council_queries(client, "/councils/?utm_source=x")

    assert filtered >= 1
    assert odd >= 1 and odd_again >= 1
