"""«Версия для слабовидящих» without JavaScript: links set a cookie, pages carry the classes."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from core.accessibility import COOKIE, Settings, parse, updated

pytestmark = pytest.mark.django_db


def _html_tag(page: str) -> str:
    """The page's <html ...> tag, which carries the version's classes (the header's «a11y-switch» does not count)."""
    match = re.search(r"<html[^>]*>", page)
    assert match is not None
    return match.group(0)


def test_header_links_to_the_version_for_the_visually_impaired(client) -> None:
    page = client.get("/").content.decode()
    assert "Версия для слабовидящих" in page
    assert f'href="{reverse("accessibility")}?next=/"' in page
    assert "accessibility.css" not in page


def test_turning_it_on_sets_the_cookie_and_comes_back(client) -> None:
    response = client.get(reverse("accessibility"), {"next": "/initiatives/"})
    assert response.status_code == 302 and response["Location"] == "/initiatives/"
    assert response.cookies[COOKIE].value == "1.bw.1.on"
    page = client.get("/initiatives/").content.decode()
    assert 'class="a11y a11y-size-1 a11y-scheme-bw a11y-spacing-1 a11y-images-on"' in page
    assert "accessibility.css" in page and "Обычная версия сайта" in page


@pytest.mark.parametrize(("params", "expected"), [
    ({"size": "3"}, "3.bw.1.on"),
    ({"scheme": "wb"}, "1.wb.1.on"),
    ({"scheme": "blue", "spacing": "2"}, "1.blue.2.on"),
    ({"images": "off"}, "1.bw.1.off"),
    ({"size": "9", "scheme": "red"}, "1.bw.1.on"),  # unknown values are ignored
])
def test_each_choice_is_kept(client, params, expected) -> None:
    response = client.get(reverse("accessibility"), {**params, "next": "/"})
    assert response.cookies[COOKIE].value == expected


def test_choices_add_up_across_pages(client) -> None:
    client.get(reverse("accessibility"), {"size": "2"})
    client.get(reverse("accessibility"), {"scheme": "blue"})
    client.get(reverse("accessibility"), {"images": "off"})
    assert client.cookies[COOKIE].value == "2.blue.1.off"
    page = client.get(reverse("councils:finder")).content.decode()
    assert 'class="a11y a11y-size-2 a11y-scheme-blue a11y-spacing-1 a11y-images-off"' in page


def test_off_returns_to_the_usual_version(client) -> None:
    client.get(reverse("accessibility"), {"size": "3"})
    response = client.get(reverse("accessibility"), {"mode": "off", "next": "/"})
    assert response.cookies[COOKIE].value == ""
    assert "a11y" not in _html_tag(client.get("/").content.decode())


def test_next_must_be_on_this_site(client) -> None:
    response = client.get(reverse("accessibility"), {"next": "https://evil.example/"})
    assert response["Location"] == "/"


def test_a_forged_cookie_is_ignored(client) -> None:
    client.cookies[COOKIE] = '3.wb.1.on" onload="x'
    assert "a11y" not in _html_tag(client.get("/").content.decode())
    assert parse("3.wb.1") is None and parse("") is None


def test_pages_for_the_visually_impaired_are_not_served_from_the_anonymous_cache(client, settings) -> None:
    settings.ANONYMOUS_PAGE_CACHE_SECONDS = 60
    assert "a11y" not in _html_tag(client.get("/initiatives/").content.decode())
    client.cookies[COOKIE] = "2.wb.1.on"
    assert "a11y-scheme-wb" in client.get("/initiatives/").content.decode()


def test_updated_keeps_the_other_choices() -> None:
    assert updated(Settings("3", "wb", "2", "off"), {"size": "1"}) == Settings("1", "wb", "2", "off")
