"""Public registry pages: meetings and minutes, private media, no residents' e-mails, filters and pagination."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from tests.factories import (
    CouncilFactory,
    MicrodistrictFactory,
)

from .conftest import PDF_BYTES, page


def test_unpublished_meeting_is_not_shown(visitor: Client, city: dict) -> None:
    html = page(visitor, "council_detail", "osm-kvartal-1").content.decode()
    assert "Секретная повестка черновика" not in html
    assert reverse("councils:meeting_minutes", args=["osm-kvartal-1", city["unpublished"].pk]) not in html


def test_published_minutes_download(visitor: Client, city: dict) -> None:
    response = page(visitor, "meeting_minutes", "osm-kvartal-1", city["published"].pk)
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    # A PDF may carry script: an attachment under a sandbox, never inline in the portal's origin.
    assert response["Content-Disposition"].startswith("attachment")
    assert ".pdf" in response["Content-Disposition"]
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content) == PDF_BYTES
    assert "no-cache" in response["Cache-Control"] and "private" in response["Cache-Control"]
    response.close()


@pytest.mark.parametrize(
    ("slug", "meeting"),
    [
        ("osm-kvartal-1", "unpublished"),  # not published
        ("osm-kvartal-1", "no_file"),  # published, but no minutes
        ("ks-avtozavodsky", "published"),  # another council's meeting
        ("no-such-council", "published"),
    ],
)
def test_minutes_404(client: Client, city: dict, slug: str, meeting: str) -> None:
    assert page(client, "meeting_minutes", slug, city[meeting].pk).status_code == 404


def test_minutes_of_unknown_meeting_404(client: Client, city: dict) -> None:
    assert page(client, "meeting_minutes", "osm-kvartal-1", 987654).status_code == 404
    assert client.get("/councils/osm-kvartal-1/meetings/99999999999999999999999/minutes/").status_code == 404


def test_minutes_whose_file_is_gone_404(client: Client, city: dict) -> None:
    meeting = city["published"]
    meeting.minutes_file.storage.delete(meeting.minutes_file.name)
    assert page(client, "meeting_minutes", "osm-kvartal-1", meeting.pk).status_code == 404


def test_minutes_unpublished_later_404(client: Client, city: dict) -> None:
    meeting = city["published"]
    meeting.is_published = False
    meeting.save()
    assert page(client, "meeting_minutes", "osm-kvartal-1", meeting.pk).status_code == 404


def test_private_media_url_is_refused(client: Client, city: dict, settings) -> None:
    for meeting in (city["published"], city["unpublished"]):
        name = meeting.minutes_file.name
        # Minutes live in the private storage, outside MEDIA_ROOT, and have no URL at all.
        assert (settings.PRIVATE_MEDIA_ROOT / name).is_file()
        assert not (settings.MEDIA_ROOT / name).exists()
        with pytest.raises(ValueError):
            meeting.minutes_file.url  # noqa: B018
        assert client.get(f"/media/{name}").status_code == 404
        assert client.get(f"/media/private/{name}").status_code == 404


def test_minutes_uploaded_before_the_private_storage_are_moved_into_it(city: dict, settings) -> None:
    from importlib import import_module

    from django.apps import apps

    migration = import_module("councils.migrations.0003_minutes_private_storage")
    meeting = city["published"]
    legacy_name = "private/minutes/2025/protokol-old.pdf"
    legacy = settings.MEDIA_ROOT / legacy_name
    legacy.parent.mkdir(parents=True)
    legacy.write_bytes(b"%PDF-1.4 old minutes")
    type(meeting).objects.filter(pk=meeting.pk).update(minutes_file=legacy_name)

    migration.move_minutes_to_private_storage(apps, None)
    migration.move_minutes_to_private_storage(apps, None)  # a second run changes nothing

    assert not legacy.exists()
    assert (settings.PRIVATE_MEDIA_ROOT / legacy_name).read_bytes() == b"%PDF-1.4 old minutes"
    meeting.refresh_from_db()
    assert meeting.minutes_file.name == legacy_name


# Personal data ---------------------------------------------------------------------------------


def test_residents_emails_never_appear(client: Client, city: dict, resident) -> None:
    client.force_login(resident)
    urls = [
        reverse("home"),
        reverse("councils:finder"),
        reverse("councils:finder") + "?q=бульвар+Татищева",
        reverse("councils:district", args=["avtozavodsky"]),
        reverse("councils:microdistrict", args=["kvartal-1"]),
        reverse("councils:council_list"),
        reverse("councils:council_detail", args=["osm-kvartal-1"]),
        reverse("councils:tos_list"),
        reverse("councils:tos_detail", args=["tos-tatishcheva"]),
    ]
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        html = response.content.decode()
        # The member's account and the visitor's own account: neither address is published.
        assert city["member_user"].email not in html, url
        assert resident.email not in html, url
        assert "@example.org" not in html, url


# Filters and search -----------------------------------------------------------------------------


def test_council_filters(client: Client, city: dict) -> None:
    def names(**query: str) -> set[str]:
        return {c.name for c in page(client, "council_list", **query).context["page_obj"]}

    assert names(kind="microdistrict_public") == {"Общественный совет 1 квартала"}
    assert names(kind="tos_council") == {"Совет ТОС «Татищева»"}
    assert names(district="centralny") == set()
    assert names(district="avtozavodsky") == {
        "Общественный совет 1 квартала",
        "Координационный совет Автозаводского района",
        "Совет ТОС «Татищева»",
    }
    # A TOS council counts for the microdistricts of its TOS.
    assert names(microdistrict="kvartal-1") == {"Общественный совет 1 квартала", "Совет ТОС «Татищева»"}
    assert names(microdistrict="kvartal-2") == set()


def test_council_search_by_name_and_description(client: Client, city: dict) -> None:
    def names(q: str) -> set[str]:
        return {c.name for c in page(client, "council_list", q=q).context["page_obj"]}

    assert names("координационный") == {"Координационный совет Автозаводского района"}
    assert names("ТОС татищева") == {"Совет ТОС «Татищева»"}
    # The factory's description mentions the clinic («поликлинику»).
    assert "Общественный совет 1 квартала" in names("поликлинику")
    assert names("нет такого совета") == set()


def test_tos_filters_and_search(client: Client, city: dict) -> None:
    def names(**query: str) -> set[str]:
        return {t.name for t in page(client, "tos_list", **query).context["page_obj"]}

    assert names() == {"ТОС «Татищева»"}
    assert names(status="liquidated") == {"ТОС «Закрытое»"}
    assert names(status="all") == {"ТОС «Татищева»", "ТОС «Закрытое»"}
    assert names(territory_kind="buildings") == {"ТОС «Татищева»"}
    assert names(territory_kind="entrance") == set()
    assert names(district="centralny") == set()
    assert names(microdistrict="kvartal-1", status="all") == {"ТОС «Татищева»", "ТОС «Закрытое»"}
    assert names(q="татищева") == {"ТОС «Татищева»"}
    assert names(q="дворов") == {"ТОС «Татищева»"}  # goals


@pytest.mark.parametrize(
    "query",
    [
        {"kind": "no-such-kind"},
        {"district": "'; DROP TABLE councils_district; --"},
        {"microdistrict": "x" * 5000},
        {"q": "x" * 5000},
        {"page": "abc"},
        {"page": "-1"},
        {"page": "999999999999999999999"},
        {"status": "deleted"},
        {"territory_kind": "\x00"},
    ],
)
@pytest.mark.parametrize("name", ["council_list", "tos_list"])
def test_bad_filter_values_do_not_fail(client: Client, city: dict, name: str, query: dict) -> None:
    response = page(client, name, **query)
    assert response.status_code == 200
    assert response.context["page_obj"].paginator.count >= 1  # bad filters are not applied


def test_bad_filter_value_is_reported_and_good_ones_still_apply(client: Client, city: dict) -> None:
    response = page(client, "council_list", kind="tos_council", district="no-such-district")
    assert response.status_code == 200
    assert "district" in response.context["form"].errors
    assert 'class="errorlist"' in response.content.decode()
    assert {c.name for c in response.context["page_obj"]} == {"Совет ТОС «Татищева»"}


def test_pagination_keeps_filters(client: Client, city: dict) -> None:
    district = city["district"]
    for n in range(30):
        CouncilFactory(microdistrict=MicrodistrictFactory(district=district), name=f"Совет квартала {n:02d}")
    response = page(client, "council_list", kind="microdistrict_public", district="avtozavodsky")
    page_obj = response.context["page_obj"]
    assert page_obj.paginator.count == 31
    assert len(page_obj.object_list) == 25
    html = response.content.decode()
    assert "?kind=microdistrict_public&amp;district=avtozavodsky&amp;page=2" in html
    second = page(client, "council_list", kind="microdistrict_public", district="avtozavodsky", page="2")
    assert len(second.context["page_obj"].object_list) == 6


# Query counts: the same with 5 rows as with 50 -------------------------------------------------
