"""Public registry pages: constant query counts, ordering of quarters, media path tricks."""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Council, CouncilMember
from tests.factories import (
    BuildingFactory,
    CouncilFactory,
    CouncilMeetingFactory,
    CouncilMemberFactory,
    DistrictFactory,
    MicrodistrictFactory,
    MicrodistrictManagerFactory,
    TOSFactory,
)

from .conftest import page


def assert_constant_queries(
    client: Client, url: str, add_rows: Callable[[int], None], django_assert_num_queries
) -> int:
    add_rows(5)
    client.get(url)  # warm up anything cached per process
    with CaptureQueriesContext(connection) as few:
        assert client.get(url).status_code == 200
    add_rows(45)
    with django_assert_num_queries(len(few)):
        assert client.get(url).status_code == 200
    return len(few)


@pytest.mark.parametrize("logged_in", [False, True])
def test_council_list_queries(client: Client, resident, django_assert_num_queries, logged_in: bool) -> None:
    if logged_in:
        client.force_login(resident)
    district = DistrictFactory()

    def add_rows(n: int) -> None:
        for _ in range(n):
            council = CouncilFactory(microdistrict=MicrodistrictFactory(district=district))
            CouncilMemberFactory(council=council, role=CouncilMember.Role.CHAIR)
            tos = TOSFactory(district=district)
            CouncilFactory(kind=Council.Kind.TOS_COUNCIL, microdistrict=None, tos=tos, district=district)

    assert_constant_queries(client, reverse("councils:council_list"), add_rows, django_assert_num_queries)


def test_council_list_queries_with_filters(db, client: Client, django_assert_num_queries) -> None:
    district = DistrictFactory(slug="filtered")

    def add_rows(n: int) -> None:
        for _ in range(n):
            council = CouncilFactory(microdistrict=MicrodistrictFactory(district=district), name="Совет квартала")
            CouncilMemberFactory(council=council, role=CouncilMember.Role.CHAIR)

    url = reverse("councils:council_list") + "?kind=microdistrict_public&district=filtered&q=совет"
    assert_constant_queries(client, url, add_rows, django_assert_num_queries)


def test_tos_list_queries(db, client: Client, django_assert_num_queries) -> None:
    district = DistrictFactory()

    def add_rows(n: int) -> None:
        for _ in range(n):
            tos = TOSFactory(district=district)
            tos.microdistricts.set(MicrodistrictFactory.create_batch(2, district=district))

    assert_constant_queries(client, reverse("councils:tos_list"), add_rows, django_assert_num_queries)


def test_district_page_queries(db, client: Client, django_assert_num_queries) -> None:
    district = DistrictFactory(slug="counted")
    CouncilFactory(kind=Council.Kind.DISTRICT_COORDINATION, microdistrict=None, district=district)

    def add_rows(n: int) -> None:
        for _ in range(n):
            microdistrict = MicrodistrictFactory(district=district)
            CouncilFactory(microdistrict=microdistrict)
            TOSFactory(district=district).microdistricts.set([microdistrict])
            MicrodistrictManagerFactory(district=district, microdistricts=[microdistrict])

    url = reverse("councils:district", args=["counted"])
    assert_constant_queries(client, url, add_rows, django_assert_num_queries)


@pytest.mark.parametrize("logged_in", [False, True])
def test_microdistrict_page_queries(client: Client, resident, django_assert_num_queries, logged_in: bool) -> None:
    if logged_in:
        client.force_login(resident)
    microdistrict = MicrodistrictFactory(slug="counted")
    council = CouncilFactory(microdistrict=microdistrict)

    def add_rows(n: int) -> None:
        for _ in range(n):
            BuildingFactory(microdistrict=microdistrict)
            TOSFactory(district=microdistrict.district).microdistricts.set([microdistrict])
            MicrodistrictManagerFactory(district=microdistrict.district, microdistricts=[microdistrict])
            CouncilMemberFactory(council=council, role=CouncilMember.Role.CHAIR)

    url = reverse("councils:microdistrict", args=["counted"])
    assert_constant_queries(client, url, add_rows, django_assert_num_queries)


def test_council_detail_queries(db, client: Client, django_assert_num_queries) -> None:
    council = CouncilFactory(slug="counted")

    def add_rows(n: int) -> None:
        CouncilMemberFactory.create_batch(n, council=council)
        CouncilMeetingFactory.create_batch(n, council=council)

    url = reverse("councils:council_detail", args=["counted"])
    assert_constant_queries(client, url, add_rows, django_assert_num_queries)


def test_council_list_orders_quarters_by_number(client: Client, city: dict) -> None:
    district = city["district"]
    for number in (10, 3):
        CouncilFactory(
            microdistrict=MicrodistrictFactory(district=district, name=f"{number} квартал", number=number),
            name=f"Общественный совет {number} квартала",
        )
    response = page(client, "council_list", district="avtozavodsky", kind="microdistrict_public")
    assert [c.name for c in response.context["page_obj"]] == [
        "Общественный совет 1 квартала",
        "Общественный совет 3 квартала",
        "Общественный совет 10 квартала",
    ]


@pytest.mark.parametrize("trick", ["./private/", "/private/", "%2e/private/", "x/../private/"])
def test_private_media_cannot_be_reached_by_path_tricks(client, settings, trick):
    target = settings.MEDIA_ROOT / "private" / "minutes" / "2026"
    target.mkdir(parents=True)
    (target / "protokol.pdf").write_bytes(b"%PDF-1.4 secret")
    response = client.get(f"/media/{trick}minutes/2026/protokol.pdf")
    assert response.status_code == 404
