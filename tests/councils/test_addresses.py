"""Address normalisation: the spellings residents type must meet the keys buildings are stored under.
"""

from __future__ import annotations

import pytest

from councils.addresses import normalize_house, normalize_street, split_address


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("бульвар Татищева", "татищева"),
        ("б-р Татищева", "татищева"),
        ("бул. Татищева", "татищева"),
        ("Татищева бульвар", "татищева"),
        ("Татищева", "татищева"),
        ("  БУЛЬВАР   ТАТИЩЕВА ", "татищева"),
        ("ул. Баныкина", "баныкина"),
        ("ул.Баныкина", "баныкина"),
        ("улица Баныкина", "баныкина"),
        ("Молодёжный бульвар", "молодежный"),
        ("Молодежный б-р", "молодежный"),
        ("пр-т Степана Разина", "степана разина"),
        ("проспект Степана Разина", "степана разина"),
        ("Центральная площадь", "центральная"),
        ("пл. Свободы", "свободы"),
        ("площадь Свободы", "свободы"),
        ("Южное шоссе", "южное"),
        ("Южное ш.", "южное"),
        ("ул. 40 лет Победы", "40 лет победы"),
        ("Приморский б-р", "приморский"),
    ],
)
def test_normalize_street_drops_kind_case_and_punctuation(typed: str, key: str) -> None:
    assert normalize_street(typed) == key


def test_normalize_street_keeps_words_that_only_contain_a_kind() -> None:
    # «Пролетарская» starts with «пр», «Шлюзовая» with «ш»: only whole words are kinds.
    assert normalize_street("улица Пролетарская") == "пролетарская"
    assert normalize_street("ул. Шлюзовая") == "шлюзовая"
    assert normalize_street("Ульяновская") == "ульяновская"


def test_normalize_street_of_punctuation_only_is_empty() -> None:
    assert normalize_street("!!!???,,,") == ""
    assert normalize_street("") == ""


@pytest.mark.parametrize(
    ("typed", "key"),
    [
        ("12", "12"),
        ("12А", "12а"),
        ("12а", "12а"),
        ("12 а", "12а"),
        ("д. 12а", "12а"),
        ("д.12", "12"),
        ("12 к1", "12к1"),
        ("12 к. 1", "12к1"),
        ("12 корп. 1", "12к1"),
        ("12 корпус 1", "12к1"),
        ("12 стр. 2", "12с2"),
        ("12 строение 2", "12с2"),
        ("23/1", "23/1"),
        ("  7Б ", "7б"),
        ("", ""),
    ],
)
def test_normalize_house(typed: str, key: str) -> None:
    assert normalize_house(typed) == key


def test_normalize_house_strips_full_word_dom() -> None:
    assert normalize_house("дом 3") == "3"


@pytest.mark.parametrize(
    ("typed", "street", "house"),
    [
        ("бульвар Татищева, 12", "бульвар Татищева", "12"),
        ("б-р Татищева, д. 12а", "б-р Татищева", "12а"),
        ("бульвар Татищева 12А", "бульвар Татищева", "12А"),
        ("Татищева 12 а", "Татищева", "12 а"),
        ("Татищева д12", "Татищева", "12"),
        ("улица Патрульная, дом 3", "улица Патрульная", "3"),
        ("ул.Жилина 24", "ул.Жилина", "24"),
        ("Приморский б-р, 23/1", "Приморский б-р", "23/1"),
        ("ул. 40 лет Победы 10", "ул. 40 лет Победы", "10"),
        ("ул. 8 Марта, 5", "ул. 8 Марта", "5"),
        ("Татищева 12 к1", "Татищева", "12 к1"),
        ("  бульвар   Татищева ,  12 ", "бульвар Татищева", "12"),
        ("бульвар Татищева", "бульвар Татищева", ""),
        ("Жилина", "Жилина", ""),
        ("", "", ""),
    ],
)
def test_split_address(typed: str, street: str, house: str) -> None:
    assert split_address(typed) == (street, house)


@pytest.mark.parametrize(
    "typed",
    ["б-р Татищева, д. 12а", "бульвар Татищева 12А", "Татищева 12 а", "БУЛЬВАР ТАТИЩЕВА, Д. 12А", "Татищева д12а"],
)
def test_spellings_of_one_address_share_keys(typed: str) -> None:
    street, house = split_address(typed)
    assert (normalize_street(street), normalize_house(house)) == ("татищева", "12а")


def test_split_address_without_a_street_keeps_the_text_as_street() -> None:
    # A bare number is not an address; the finder's form rejects it as having no street.
    assert split_address("12") == ("12", "")
    assert split_address(",,,") == ("", "")


@pytest.mark.parametrize(
    ("typed", "street", "house"),
    [
        ("бульвар Татищева, 12 корп. 1", "бульвар Татищева", "12 корп. 1"),
        ("Татищева 12 к. 1", "Татищева", "12 к. 1"),
        ("ул. Ленинградская д.5 стр.2", "ул. Ленинградская", "5 стр.2"),
        # A street starting with a number keeps it.
        ("ул. 1 Мая 5", "ул. 1 Мая", "5"),
        # Phone keyboards and address autofill add the flat; it is not part of the house.
        ("ул. Мира, д. 5, кв. 10", "ул. Мира", "5"),
    ],
    ids=["korpus-with-dot", "k-with-dot", "stroenie-with-dot", "street-starting-with-number", "flat-number"],
)
def test_split_address_known_bugs(typed: str, street: str, house: str) -> None:
    assert split_address(typed) == (street, house)
