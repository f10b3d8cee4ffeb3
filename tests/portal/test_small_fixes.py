"""Smaller things residents met: favicon, labels, the login greeting, check-in before a search,
«весь город весь город», the sign-up's grouped microdistricts, letters signed by the portal,
the development SITE_URL from HOST and PORT, map tiles from settings and the privacy text."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from django.conf import settings
from django.core import mail
from django.urls import reverse

from tests.factories import DistrictFactory, MicrodistrictFactory, StaffUserFactory, UserFactory
from tests.forum.factories import ForumEditionFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_favicon_ico_is_found(client) -> None:
    response = client.get("/favicon.ico")
    assert response.status_code == 301
    assert response["Location"].endswith("img/favicon.svg")


def test_labels_have_no_trailing_colon(client) -> None:
    page = client.get(reverse("account_login")).content.decode()
    assert ">Запомнить меня</label>" in page
    assert "Запомнить меня:" not in page


def test_login_greeting_has_one_full_stop_after_an_initial(client) -> None:
    UserFactory(email="anna@example.org", display_name="Анна Н.", password="Zhiguli-sea-2026!")
    response = client.post(reverse("account_login"), {"login": "anna@example.org", "password": "Zhiguli-sea-2026!"},
                           follow=True)
    texts = [str(m) for m in response.context["messages"]]
    assert "Вы вошли как Анна Н." in texts
    assert not any(".." in t for t in texts)


def test_checkin_says_nothing_found_only_after_a_search(client) -> None:
    edition = ForumEditionFactory(status="registration_open")
    client.force_login(StaffUserFactory(role="moderator"))
    url = reverse("forum:checkin", args=[edition.year])
    assert "Никого не нашли" not in client.get(url).content.decode()
    assert "Никого не нашли" in client.get(url, {"q": "Несуществующий"}).content.decode()


def test_map_list_does_not_repeat_the_whole_city(client) -> None:
    InitiativeFactory(scope="city", microdistrict=None, district=None, address="весь город", title="Конкурс дворов")
    page = client.get(reverse("initiatives:map")).content.decode()
    assert "Конкурс дворов" in page
    assert page.count("весь город") <= 1 or "весь город весь город" not in " ".join(page.split())


def test_signup_groups_microdistricts_by_district(client) -> None:
    MicrodistrictFactory(name="7 квартал", district=DistrictFactory(name="Автозаводский", slug="avto-s"))
    MicrodistrictFactory(name="Соцгород", district=DistrictFactory(name="Центральный", slug="centr-s"))
    page = client.get(reverse("account_signup")).content.decode()
    assert '<optgroup label="Автозаводский">' in page and '<optgroup label="Центральный">' in page


def test_letters_greet_from_the_portal_not_from_the_host(client) -> None:
    client.post(reverse("account_signup"), {
        "email": "olga@example.org", "display_name": "Ольга", "password1": "Zhiguli-sea-2026!",
        "password2": "Zhiguli-sea-2026!", "personal_data_consent": "on", "website": "",
    })
    body = mail.outbox[-1].body
    assert "Самоуправление Тольятти" in body
    assert "testserver" not in body.split("http")[0]


def test_development_site_url_follows_host_and_port() -> None:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "tolyatti_portal.settings.dev", "HOST": "127.0.0.1", "PORT": "8080"}
    env.pop("SITE_URL", None)
    out = subprocess.run(
        [sys.executable, "-c", "from django.conf import settings; print(settings.SITE_URL)"],
        env=env, capture_output=True, text=True, check=True, cwd=settings.BASE_DIR,
    )
    assert out.stdout.strip() == "http://127.0.0.1:8080"


def test_map_tiles_and_attribution_come_from_settings(client, settings) -> None:
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    settings.MAP_TILE_ATTRIBUTION = "&copy; Городская подложка"
    page = client.get(reverse("initiatives:map")).content.decode()
    assert 'data-tiles="https://tiles.example.org/{z}/{x}/{y}.png"' in page
    assert "Городская подложка" in page
    assert "tiles.example.org" in client.get(reverse("accounts:consent")).content.decode()


def test_default_tiles_keep_openstreetmaps_attribution(client) -> None:
    page = client.get(reverse("initiatives:map")).content.decode()
    assert "tile.openstreetmap.org" in page and "openstreetmap.org/copyright" in page
    assert "tile.openstreetmap.org" in client.get(reverse("accounts:consent")).content.decode()


def test_attribution_html_stays_inside_its_attribute(client) -> None:
    page = client.get(reverse("initiatives:map")).content.decode()
    assert 'data-attribution="&amp;copy; &lt;a href=&quot;https://www.openstreetmap.org/copyright&quot;&gt;' in page
