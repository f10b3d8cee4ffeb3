"""Public registry pages: what residents see, what they must not see, and what each page costs."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from councils.models import Council
from tests.factories import (
    CouncilFactory,
    CouncilMemberFactory,
    DistrictFactory,
)

from .conftest import PDF_BYTES, page, today


def test_home_page(visitor: Client, city: dict) -> None:
    response = visitor.get(reverse("home"))
    assert response.status_code == 200
    html = response.content.decode()
    assert "от стратегии к практике" in html
    assert 'action="/find/"' in html and 'name="q"' in html
    assert "Автозаводский район" in html and "Центральный район" in html
    assert reverse("councils:district", args=["avtozavodsky"]) in html
    assert reverse("councils:council_list") in html and reverse("councils:tos_list") in html
    districts = {d.slug: d for d in response.context["districts"]}
    assert districts["avtozavodsky"].microdistrict_total == 2
    assert districts["avtozavodsky"].public_council_total == 1
    # Active TOS with a registered charter only: not the future one, not the liquidated one.
    assert districts["avtozavodsky"].tos_total == 1
    assert response.context["tos_total"] == 1


def test_home_page_queries_do_not_grow_with_districts(db, client: Client, django_assert_num_queries) -> None:
    DistrictFactory.create_batch(3)
    client.get(reverse("home"))
    with CaptureQueriesContext(connection) as few:
        client.get(reverse("home"))
    DistrictFactory.create_batch(10)
    with django_assert_num_queries(len(few)):
        client.get(reverse("home"))


def test_district_page(visitor: Client, city: dict) -> None:
    response = page(visitor, "district", "avtozavodsky")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Автозаводский район</h1>" in html
    assert "Новый город: нумерованные кварталы." in html
    assert "Координационный совет Автозаводского района" in html
    assert "Кузнецов Павел" in html
    assert "1 квартал" in html and "2 квартал" in html
    assert "Портовый" not in html  # another district's microdistrict
    assert "Общественный совет 1 квартала" in html
    assert "Сидорова Анна Викторовна" in html and "+7 8482 54-00-01" in html
    assert "Уволенный Управляющий" not in html
    microdistricts = {m.slug: m for m in response.context["microdistricts"]}
    assert microdistricts["kvartal-1"].tos_total == 1
    assert microdistricts["kvartal-2"].tos_total == 0


def test_microdistrict_page_shows_everything_a_resident_needs(visitor: Client, city: dict) -> None:
    response = page(visitor, "microdistrict", "kvartal-1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>1 квартал</h1>" in html
    # Its public council, with the current chair (not the former one) and a link.
    assert "Общественный совет 1 квартала" in html
    assert reverse("councils:council_detail", args=["osm-kvartal-1"]) in html
    assert "Смирнова Ольга Ивановна" in html
    assert "Прежний Председатель" not in html
    # Its TOS: registered and active only.
    assert "ТОС «Татищева»" in html
    assert "ТОС «Будущее»" not in html
    assert "ТОС «Закрытое»" not in html
    # Its manager with public work contacts and reception hours.
    for text in [
        "Сидорова Анна Викторовна",
        "+7 8482 54-00-01",
        'href="tel:+78482540001"',
        "sidorova@tgl.example.ru",
        "бульвар Татищева, 2, каб. 5",
        "вторник 15:00–18:00",
    ]:
        assert text in html
    assert "Уволенный Управляющий" not in html
    # Streets with houses in house-number order, and the population.
    assert "бульвар Татищева:</span> 2, 10, 12, 12А" in html
    assert "улица Баныкина:</span> 4" in html
    assert "6\xa0500" in html or "6 500" in html or "6500" in html


def test_microdistrict_page_without_council_manager_or_houses(visitor: Client, city: dict) -> None:
    response = page(visitor, "microdistrict", "portovy")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Общественный совет микрорайона пока не создан" in html
    assert "Сведения об управляющем уточняются" in html
    assert "Список домов микрорайона ещё не внесён" in html


def test_council_list_page(visitor: Client, city: dict) -> None:
    response = page(visitor, "council_list")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Общественный совет 1 квартала" in html
    assert "Координационный совет Автозаводского района" in html
    assert "Совет ТОС «Татищева»" in html
    assert "Смирнова Ольга Ивановна" in html  # the current chair
    assert response.context["page_obj"].paginator.count == 3


def test_council_detail_page(visitor: Client, city: dict) -> None:
    response = page(visitor, "council_detail", "osm-kvartal-1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "<h1>Общественный совет 1 квартала</h1>" in html
    assert "Общественный совет микрорайона" in html
    assert reverse("councils:microdistrict", args=["kvartal-1"]) in html
    assert "osm1@tgl.example.ru" in html and "+7 8482 11-22-33" in html and "Школа № 45" in html
    assert "старшая по дому" in html
    # Published meetings with agenda, decisions and a minutes link.
    assert "Благоустройство двора на Татищева" in html
    assert "Поддержать проект сквера" in html
    assert reverse("councils:meeting_minutes", args=["osm-kvartal-1", city["published"].pk]) in html
    assert "Заседание без протокола" in html
    assert reverse("councils:meeting_minutes", args=["osm-kvartal-1", city["no_file"].pk]) not in html


def test_council_members_are_current_and_ordered_by_role(client: Client, city: dict) -> None:
    response = page(client, "council_detail", "osm-kvartal-1")
    members = [m.full_name for m in response.context["council"].current_members]
    assert members == ["Смирнова Ольга Ивановна", "Абрамова Нина", "Борисов Илья", "Яковлев Андрей"]
    html = response.content.decode()
    assert "Прежний Председатель" not in html
    assert "Будущий Член" not in html


def test_member_whose_term_ends_today_is_still_current(client: Client, city: dict) -> None:
    CouncilMemberFactory(council=city["public"], full_name="Последний День", term_end=today())
    response = page(client, "council_detail", "osm-kvartal-1")
    assert "Последний День" in response.content.decode()


def test_inactive_council_is_viewable_and_marked(client: Client, city: dict) -> None:
    Council.objects.filter(pk=city["public"].pk).update(is_active=False)
    response = page(client, "council_detail", "osm-kvartal-1")
    assert response.status_code == 200
    assert "Этот совет больше не действует" in response.content.decode()
    listing = page(client, "council_list").content.decode()
    assert "Общественный совет 1 квартала" in listing and "не действует" in listing


def test_tos_list_page(visitor: Client, city: dict) -> None:
    response = page(visitor, "tos_list")
    assert response.status_code == 200
    html = response.content.decode()
    assert "ТОС «Татищева»" in html
    assert "ТОС «Закрытое»" not in html  # active only by default
    assert "ТОС «Будущее»" not in html


def test_tos_detail_page(visitor: Client, city: dict) -> None:
    response = page(visitor, "tos_detail", "tos-tatishcheva")
    assert response.status_code == 200
    html = response.content.decode()
    tos = city["tos"]
    for text in [
        "<h1>ТОС «Татищева»</h1>",
        "бульвар Татищева, дома 2–12",
        "Благоустройство дворов",
        "Группа домов",
        "1026301234567",
        "123-р",
        "20 января 2015",
        "1 марта 2015",
        "Иванова Мария Петровна",
        "1\xa0200",
        "tos.tatishcheva@example.ru",
        tos.charter_file.url,
        reverse("councils:microdistrict", args=["kvartal-1"]),
        reverse("councils:council_detail", args=["sovet-tos-tatishcheva"]),
    ]:
        assert text in html, text


def test_liquidated_tos_is_viewable_and_marked(client: Client, city: dict) -> None:
    response = page(client, "tos_detail", "tos-closed")
    assert response.status_code == 200
    assert "ТОС ликвидировано 1 мая 2020" in response.content.decode()


def test_charter_is_a_public_document(client: Client, city: dict) -> None:
    response = client.get(city["tos"].charter_file.url)
    assert response.status_code == 200
    assert b"".join(response.streaming_content) == PDF_BYTES


@pytest.mark.parametrize(
    ("name", "slug"),
    [
        ("district", "no-such-district"),
        ("microdistrict", "no-such-microdistrict"),
        ("council_detail", "no-such-council"),
        ("tos_detail", "no-such-tos"),
        # A TOS does not exist before its charter is registered, nor does its page.
        ("tos_detail", "tos-future"),
    ],
)
def test_unknown_slug_is_404(client: Client, city: dict, name: str, slug: str) -> None:
    assert page(client, name, slug).status_code == 404


def test_council_of_a_future_tos_is_hidden(client: Client, city: dict) -> None:
    CouncilFactory(
        kind=Council.Kind.TOS_COUNCIL,
        microdistrict=None,
        tos=city["future_tos"],
        district=city["district"],
        name="Совет будущего ТОС",
        slug="sovet-future",
    )
    assert page(client, "council_detail", "sovet-future").status_code == 404
    assert "Совет будущего ТОС" not in page(client, "council_list").content.decode()


# Meetings and minutes -----------------------------------------------------------------------
