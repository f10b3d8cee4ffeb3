"""Fixtures of the councils' tests: a small city and a visitor (anonymous or a resident)."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
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


