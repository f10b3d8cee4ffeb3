"""Public registry pages: what residents see, what they must not see, and what each page costs."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from councils.models import TOS, Council, CouncilMember
from tests.factories import (
    BuildingFactory,
    CouncilFactory,
    CouncilMeetingFactory,
    CouncilMemberFactory,
    DistrictFactory,
    MicrodistrictFactory,
    MicrodistrictManagerFactory,
    TOSFactory,
    UserFactory,
)

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def pdf(name: str = "protokol.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, PDF_BYTES, content_type="application/pdf")


def today() -> dt.date:
    return timezone.localdate()


@pytest.fixture(params=["anonymous", "resident"])
def visitor(request, client: Client, resident) -> Client:
    """Every page must read the same for a passer-by and for a logged-in resident."""
    if request.param == "resident":
        client.force_login(resident)
    return client


@pytest.fixture
def city(db) -> dict:
    """One district with a microdistrict that has everything a resident looks for."""
    district = DistrictFactory(
        name="Автозаводский район",
        slug="avtozavodsky",
        population=422_000,
        description="Новый город: нумерованные кварталы.",
    )
    other = DistrictFactory(name="Центральный район", slug="centralny", population=151_000)
    kvartal = MicrodistrictFactory(district=district, name="1 квартал", slug="kvartal-1", number=1, population=6_500)
    kvartal_2 = MicrodistrictFactory(district=district, name="2 квартал", slug="kvartal-2", number=2)
    old_town = MicrodistrictFactory(district=other, name="Портовый", slug="portovy", number=None)
    for house in ["2", "12А", "10", "12"]:
        BuildingFactory(microdistrict=kvartal, street="бульвар Татищева", house=house)
    BuildingFactory(microdistrict=kvartal, street="улица Баныкина", house="4")
    BuildingFactory(microdistrict=kvartal_2, street="бульвар Гая", house="7")

    coordination = CouncilFactory(
        kind=Council.Kind.DISTRICT_COORDINATION,
        microdistrict=None,
        district=district,
        name="Координационный совет Автозаводского района",
        slug="ks-avtozavodsky",
    )
    public = CouncilFactory(
        microdistrict=kvartal,
        name="Общественный совет 1 квартала",
        slug="osm-kvartal-1",
        contact_email="osm1@tgl.example.ru",
        contact_phone="+7 8482 11-22-33",
        meeting_place="Школа № 45",
    )
    member_user = UserFactory(email="chair.private@example.org", display_name="Ольга С.")
    CouncilMemberFactory(
        council=public,
        full_name="Смирнова Ольга Ивановна",
        role=CouncilMember.Role.CHAIR,
        position="старшая по дому",
        user=member_user,
    )
    CouncilMemberFactory(
        council=public, full_name="Яковлев Андрей", role=CouncilMember.Role.MEMBER, position="школа № 45"
    )
    CouncilMemberFactory(council=public, full_name="Борисов Илья", role=CouncilMember.Role.SECRETARY)
    CouncilMemberFactory(council=public, full_name="Абрамова Нина", role=CouncilMember.Role.DEPUTY_CHAIR)
    CouncilMemberFactory(
        council=public,
        full_name="Прежний Председатель",
        role=CouncilMember.Role.CHAIR,
        term_start=dt.date(2019, 1, 1),
        term_end=today() - dt.timedelta(days=1),
    )
    CouncilMemberFactory(council=public, full_name="Будущий Член", term_start=today() + dt.timedelta(days=30))
    CouncilMemberFactory(council=coordination, full_name="Кузнецов Павел", role=CouncilMember.Role.CHAIR)

    published = CouncilMeetingFactory(
        council=public,
        agenda="Благоустройство двора на Татищева",
        decisions="Поддержать проект сквера",
        minutes_file=pdf("published.pdf"),
    )
    unpublished = CouncilMeetingFactory(
        council=public, agenda="Секретная повестка черновика", is_published=False, minutes_file=pdf("draft.pdf")
    )
    no_file = CouncilMeetingFactory(council=public, agenda="Заседание без протокола")

    tos = TOSFactory(
        name="ТОС «Татищева»",
        slug="tos-tatishcheva",
        district=district,
        territory_description="бульвар Татищева, дома 2–12",
        goals="Благоустройство дворов",
        is_legal_entity=True,
        ogrn="1026301234567",
        boundaries_decision_date=dt.date(2015, 1, 20),
        boundaries_decision_number="123-р",
        contact_email="tos.tatishcheva@example.ru",
        charter_file=pdf("ustav.pdf"),
    )
    tos.microdistricts.set([kvartal])
    tos_council = CouncilFactory(
        kind=Council.Kind.TOS_COUNCIL,
        microdistrict=None,
        tos=tos,
        district=district,
        name="Совет ТОС «Татищева»",
        slug="sovet-tos-tatishcheva",
    )
    future_tos = TOSFactory(
        name="ТОС «Будущее»",
        slug="tos-future",
        district=district,
        charter_registered_on=today() + dt.timedelta(days=10),
    )
    future_tos.microdistricts.set([kvartal])
    liquidated_tos = TOSFactory(
        name="ТОС «Закрытое»",
        slug="tos-closed",
        district=district,
        status=TOS.Status.LIQUIDATED,
        liquidated_on=dt.date(2020, 5, 1),
    )
    liquidated_tos.microdistricts.set([kvartal])

    manager = MicrodistrictManagerFactory(
        full_name="Сидорова Анна Викторовна",
        district=district,
        work_phone="+7 8482 54-00-01",
        work_email="sidorova@tgl.example.ru",
        office_address="бульвар Татищева, 2, каб. 5",
        reception_hours="вторник 15:00–18:00",
        microdistricts=[kvartal, kvartal_2],
    )
    MicrodistrictManagerFactory(
        full_name="Уволенный Управляющий", district=district, is_active=False, microdistricts=[kvartal]
    )
    return {
        "district": district,
        "other": other,
        "kvartal": kvartal,
        "kvartal_2": kvartal_2,
        "old_town": old_town,
        "coordination": coordination,
        "public": public,
        "published": published,
        "unpublished": unpublished,
        "no_file": no_file,
        "tos": tos,
        "tos_council": tos_council,
        "future_tos": future_tos,
        "liquidated_tos": liquidated_tos,
        "manager": manager,
        "member_user": member_user,
    }


def page(client: Client, name: str, *args: object, **query: str):
    return client.get(reverse(f"councils:{name}", args=args), query)


# Each page renders ---------------------------------------------------------------------------


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
