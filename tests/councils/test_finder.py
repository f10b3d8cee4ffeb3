"""«Найти мой совет»: an address or a picked microdistrict leads to the microdistrict page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from councils.models import Building
from tests.factories import BuildingFactory, DistrictFactory, MicrodistrictFactory

FINDER = reverse("councils:finder")


@pytest.fixture
def streets(db) -> dict:
    avtozavodsky = DistrictFactory(name="Автозаводский район", slug="avtozavodsky", sort_order=1)
    komsomolsky = DistrictFactory(name="Комсомольский район", slug="komsomolsky", sort_order=3)
    kvartal_1 = MicrodistrictFactory(district=avtozavodsky, name="1 квартал", slug="kvartal-1", number=1)
    kvartal_2 = MicrodistrictFactory(district=avtozavodsky, name="2 квартал", slug="kvartal-2", number=2)
    shlyuzovoy = MicrodistrictFactory(district=komsomolsky, name="Шлюзовой", slug="shlyuzovoy", number=None)
    for house in ["10", "12", "12А", "14"]:
        BuildingFactory(microdistrict=kvartal_1, street="бульвар Татищева", house=house)
    for house in ["20", "22"]:
        BuildingFactory(microdistrict=kvartal_2, street="бульвар Татищева", house=house)
    BuildingFactory(microdistrict=kvartal_2, street="улица Баныкина", house="2")
    BuildingFactory(microdistrict=shlyuzovoy, street="улица Никонова", house="5")
    BuildingFactory(microdistrict=kvartal_1, street="Молодёжный бульвар", house="3")
    return {"kvartal_1": kvartal_1, "kvartal_2": kvartal_2, "shlyuzovoy": shlyuzovoy}


def find(client: Client, **query: str):
    return client.get(FINDER, query)


def test_finder_page_renders(client: Client, streets: dict, resident) -> None:
    for visitor in (client, _logged_in(resident)):
        response = visitor.get(FINDER)
        assert response.status_code == 200
        html = response.content.decode()
        assert "<h1>Найти мой совет</h1>" in html
        assert 'name="q"' in html
        # The picker is grouped by district.
        assert '<optgroup label="Автозаводский район">' in html
        assert '<optgroup label="Комсомольский район">' in html
        assert 'value="shlyuzovoy"' in html
        assert 'class="errorlist"' not in html  # an untouched form shows no errors


def _logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


@pytest.mark.parametrize(
    ("typed", "microdistrict"),
    [
        ("б-р Татищева, д. 12а", "kvartal_1"),
        ("бульвар Татищева 12А", "kvartal_1"),
        ("Татищева 12 а", "kvartal_1"),
        ("БУЛЬВАР ТАТИЩЕВА, 12", "kvartal_1"),
        ("  бульвар   Татищева ,  14 ", "kvartal_1"),
        ("Татищева, 20", "kvartal_2"),
        ("ул. Баныкина, 2", "kvartal_2"),
        ("Баныкина д2", "kvartal_2"),
        ("Молодежный б-р, 3", "kvartal_1"),
        ("улица Никонова, дом 5", "shlyuzovoy"),
    ],
)
def test_exact_address_redirects_to_its_microdistrict(
    client: Client, streets: dict, typed: str, microdistrict: str
) -> None:
    response = find(client, q=typed)
    assert response.status_code == 302
    assert response["Location"] == streets[microdistrict].get_absolute_url()


def test_redirect_confirms_the_address_on_the_microdistrict_page(client: Client, streets: dict) -> None:
    response = client.get(FINDER, {"q": "б-р Татищева, д. 12а"}, follow=True)
    assert response.status_code == 200
    assert response.redirect_chain == [(streets["kvartal_1"].get_absolute_url(), 302)]
    html = response.content.decode()
    assert "<h1>1 квартал</h1>" in html
    assert "«бульвар Татищева, 12А» относится к микрорайону «1 квартал»" in html


def test_picking_a_microdistrict_redirects(client: Client, streets: dict) -> None:
    response = find(client, microdistrict="shlyuzovoy")
    assert response.status_code == 302
    assert response["Location"] == streets["shlyuzovoy"].get_absolute_url()


@pytest.mark.parametrize("value", ["no-such-microdistrict", "x" * 5000, "' OR 1=1 --"])
def test_picking_an_unknown_microdistrict_is_a_form_error(client: Client, streets: dict, value: str) -> None:
    response = find(client, microdistrict=value)
    assert response.status_code == 200
    assert "microdistrict" in response.context["form"].errors


def test_empty_picker_is_a_form_error_on_the_picker(client: Client, streets: dict) -> None:
    response = find(client, microdistrict="")
    assert response.status_code == 200
    assert list(response.context["form"].errors) == ["microdistrict"]


def test_known_street_unknown_house_lists_the_street_microdistricts(client: Client, streets: dict) -> None:
    response = find(client, q="бульвар Татищева, 999")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Дома «999» нет в нашем справочнике" in html
    lookup = response.context["lookup"]
    assert [(g.microdistrict.slug, g.houses) for g in lookup.street_microdistricts] == [
        ("kvartal-1", ["10", "12", "12А", "14"]),
        ("kvartal-2", ["20", "22"]),
    ]
    assert streets["kvartal_1"].get_absolute_url() in html
    assert streets["kvartal_2"].get_absolute_url() in html
    assert "10, 12, 12А, 14" in html


def test_street_without_house_lists_the_street_microdistricts(client: Client, streets: dict) -> None:
    response = find(client, q="ул. Баныкина")
    assert response.status_code == 200
    assert "Укажите номер дома" in response.content.decode()
    assert [g.microdistrict.slug for g in response.context["lookup"].street_microdistricts] == ["kvartal-2"]


@pytest.mark.parametrize(
    ("typed", "suggestion"),
    [
        ("бульвар Татищево, 12", "бульвар Татищева, 12"),  # a typo
        ("Татищ 12", "бульвар Татищева, 12"),  # the start of the name
        ("улица Баныкино 2", "улица Баныкина, 2"),
        ("Никонава", "улица Никонова"),
    ],
)
def test_unknown_street_is_not_found_with_close_matches(
    client: Client, streets: dict, typed: str, suggestion: str
) -> None:
    response = find(client, q=typed)
    assert response.status_code == 200
    html = response.content.decode()
    assert "Адрес не найден" in html
    assert suggestion in response.context["lookup"].suggested_addresses
    assert f"{FINDER}?q=" in html and suggestion in html
    # The picker stays on the page as the way out.
    assert 'id="microdistrict-picker"' in html


def test_unknown_street_without_anything_close(client: Client, streets: dict) -> None:
    response = find(client, q="проспект Несуществующий, 1")
    assert response.status_code == 200
    html = response.content.decode()
    assert "Адрес не найден" in html
    assert "Проверьте написание улицы" in html
    assert response.context["lookup"].suggestions == []


def test_suggestion_link_finds_the_address(client: Client, streets: dict) -> None:
    suggestion = find(client, q="бульвар Татищево, 12").context["lookup"].suggested_addresses[0]
    response = find(client, q=suggestion)
    assert response.status_code == 302
    assert response["Location"] == streets["kvartal_1"].get_absolute_url()


@pytest.mark.parametrize(
    "typed",
    [
        "",
        "   ",
        "x" * 5000,
        "бульвар Татищева, " + "1" * 4990,
        "!!!???",
        ".,-/",
        "12",
        "'; DROP TABLE councils_building; --",
        "1' OR '1'='1",
        "Татищева 12; SELECT * FROM accounts_user",
        "<script>alert(1)</script>",
        "Татищева\x0012",
    ],
    ids=[
        "empty",
        "spaces",
        "5000-chars",
        "5000-digits",
        "punctuation",
        "address-punctuation",
        "number-only",
        "sql-drop",
        "sql-or",
        "sql-select",
        "html",
        "null-byte",
    ],
)
def test_bad_input_is_a_form_error(client: Client, streets: dict, typed: str) -> None:
    response = find(client, q=typed)
    assert response.status_code == 200
    assert "q" in response.context["form"].errors
    html = response.content.decode()
    assert 'class="errorlist"' in html
    assert 'aria-invalid="true"' in html
    assert "<script>alert(1)</script>" not in html
    assert Building.objects.count() == 9


def test_finder_works_with_only_the_home_page_input(client: Client, streets: dict) -> None:
    home = client.get(reverse("home")).content.decode()
    assert f'action="{FINDER}"' in home and 'name="q"' in home
    assert find(client, q="Татищева 10")["Location"] == streets["kvartal_1"].get_absolute_url()


def test_finder_shows_a_residents_own_microdistrict(client: Client, streets: dict, resident) -> None:
    resident.home_microdistrict = streets["shlyuzovoy"]
    resident.save()
    client.force_login(resident)
    html = client.get(FINDER).content.decode()
    assert "Ваш микрорайон по профилю" in html
    assert streets["shlyuzovoy"].get_absolute_url() in html
