"""Browser pages: partners, programmes, the initiative page's panel and timeline, members' page."""

from __future__ import annotations

import pytest
from django.test import Client
from django.utils import timezone

from partners.models import Pledge, ProgrammeApplication
from partners.services.organisations import member_add
from tests.factories import DistrictFactory, UserFactory

from .factories import ApplicationFactory, PartnerFactory, PledgeFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_partner_list_filters_and_hides_unverified(client: Client):
    district = DistrictFactory()
    shown = PartnerFactory(name="Школа № 45", kind="institution")
    shown.districts.add(district)
    PartnerFactory(name="Бизнес без района", kind="business")
    PartnerFactory(name="Непроверенный фонд", is_verified=False)
    page = client.get("/partners/").content.decode()
    assert "Школа № 45" in page and "Непроверенный фонд" not in page and 'href="/partners/"' in page
    filtered = client.get("/partners/", {"kind": "institution", "district": district.slug}).content.decode()
    assert "Школа № 45" in filtered and "Бизнес без района" not in filtered
    assert client.get("/partners/", {"kind": "nonsense"}).status_code == 200


def test_partner_page_shows_open_pledges_programmes_and_helped_initiatives(client: Client, partner_a):
    offered = PledgeFactory(partner=partner_a)
    accepted = PledgeFactory(partner=partner_a, status="accepted")
    PledgeFactory(partner=partner_a, status="withdrawn", initiative__title="Отозванное")
    programme = ProgrammeFactory(partner=partner_a)
    page = client.get(f"/partners/{partner_a.slug}/").content.decode()
    assert offered.initiative.title in page and accepted.initiative.title in page and programme.title in page
    assert "Отозванное" not in page
    assert client.get(f"/partners/{PartnerFactory(is_verified=False).slug}/").status_code == 404


def test_programme_page_lists_applications_and_outcomes(client: Client):
    application = ApplicationFactory(status="rejected", reason="Вне условий", decided_at=timezone.now())
    page = client.get(f"/partners/programmes/{application.programme.slug}/").content.decode()
    assert application.initiative.title in page and "Вне условий" in page
    assert client.get(f"/partners/programmes/{ProgrammeFactory(status='draft').slug}/").status_code == 404


def test_group_accepts_a_pledge_on_the_initiative_page(client: Client, partner_a, initiative):
    pledge = PledgeFactory(partner=partner_a, initiative=initiative)
    client.force_login(initiative.author)
    page = client.get(initiative.get_absolute_url()).content.decode()
    assert partner_a.name in page and f"/partners/pledges/{pledge.pk}/accept/" in page
    response = client.post(f"/partners/pledges/{pledge.pk}/accept/")
    assert response.status_code == 302
    assert Pledge.objects.get(pk=pledge.pk).status == "accepted"
    page = Client().get(initiative.get_absolute_url()).content.decode()
    assert "Принята поддержка" in page  # on the public timeline


def test_strangers_cannot_answer_pledges(client: Client, partner_a, initiative):
    pledge = PledgeFactory(partner=partner_a, initiative=initiative)
    client.force_login(UserFactory())
    assert client.post(f"/partners/pledges/{pledge.pk}/decline/").status_code == 404
    assert Client().post(f"/partners/pledges/{pledge.pk}/decline/").status_code == 302  # to the login page
    assert Pledge.objects.get(pk=pledge.pk).status == "offered"


def test_group_applies_and_the_member_decides(client: Client, partner_a, initiative):
    programme = ProgrammeFactory(partner=partner_a)
    client.force_login(initiative.author)
    assert programme.title in client.get(initiative.get_absolute_url()).content.decode()
    client.post(f"/partners/initiatives/{initiative.pk}/apply/{programme.slug}/", {"message": "Просим"})
    application = ProgrammeApplication.objects.get()
    member = UserFactory()
    member_add(partner_a, member)
    client.force_login(member)
    assert initiative.title in client.get("/partners/my/").content.decode()
    client.post(f"/partners/my/applications/{application.pk}/accept/")
    assert ProgrammeApplication.objects.get().status == "accepted"
    assert "Заявка в программу" in Client().get(initiative.get_absolute_url()).content.decode()


def test_member_offers_support_from_the_initiative_page_and_withdraws(client: Client, partner_a, initiative):
    member = UserFactory()
    member_add(partner_a, member)
    client.force_login(member)
    assert "Предложить поддержку" in client.get(initiative.get_absolute_url()).content.decode()
    client.post(f"/partners/initiatives/{initiative.pk}/pledge/", {"kind": "volunteers", "volunteers": "12"})
    pledge = Pledge.objects.get()
    assert pledge.volunteers == 12 and pledge.created_by == member
    client.post(f"/partners/my/pledges/{pledge.pk}/withdraw/")
    assert Pledge.objects.get().status == "withdrawn"


def test_members_page_is_for_members_only(client: Client, partner_b):
    client.force_login(UserFactory())
    assert client.get("/partners/my/").status_code == 404
    other = PledgeFactory(partner=partner_b)
    member = UserFactory()
    member_add(PartnerFactory(), member)
    client.force_login(member)
    assert client.post(f"/partners/my/pledges/{other.pk}/withdraw/").status_code == 404
