"""Pledge and programme services: statuses, rights, records and notifications."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from core.errors import Closed, Conflict, DomainError, NotAllowed, WrongStatus
from initiatives.models import Initiative
from notifications.models import Event
from partners.models import Pledge, PledgeStatusChange, Programme, ProgrammeApplication
from partners.services import pledges, programmes
from partners.services.actor import PartnerActor
from tests.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory

from .factories import ApplicationFactory, PartnerFactory, PledgeFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


def test_a_verified_partner_offers_money_and_the_group_hears_of_it(partner_a, initiative):
    pledge = pledges.pledge_create(PartnerActor(partner_a), initiative, kind="money", amount=120000, message="Скамейки")
    assert pledge.status == Pledge.Status.OFFERED
    assert PledgeStatusChange.objects.filter(pledge=pledge, to_status="offered").count() == 1
    event = Event.objects.get(kind="pledge_offered")
    assert event.payload["initiative_id"] == initiative.pk and event.payload["partner_id"] == partner_a.pk


def test_an_unverified_partner_cannot_offer(initiative):
    partner = PartnerFactory(is_verified=False)
    with pytest.raises(NotAllowed):
        pledges.pledge_create(PartnerActor(partner), initiative, kind="money", amount=1000)


@pytest.mark.parametrize("status", [Initiative.Status.DRAFT, Initiative.Status.MODERATION,
                                    Initiative.Status.IMPLEMENTED, Initiative.Status.REJECTED])
def test_offers_only_to_published_not_finished_initiatives(partner_a, status):
    initiative = InitiativeFactory(status=status)
    with pytest.raises(WrongStatus):
        pledges.pledge_create(PartnerActor(partner_a), initiative, kind="expertise")


@pytest.mark.parametrize(("kind", "fields"), [
    ("money", {}), ("volunteers", {}), ("materials", {"materials": "  "}),
    ("volunteers", {"volunteers": 5, "date_from": dt.date(2026, 5, 2), "date_to": dt.date(2026, 5, 1)}),
])
def test_incomplete_offers_are_refused_with_a_message(partner_a, initiative, kind, fields):
    with pytest.raises(DomainError):
        pledges.pledge_create(PartnerActor(partner_a), initiative, kind=kind, **fields)


def test_the_author_or_a_coauthor_accepts_and_the_timeline_shows_it(partner_a, initiative):
    pledge = PledgeFactory(partner=partner_a, initiative=initiative)
    coauthor = initiative.invitations.get().user
    pledges.pledge_accept(pledge, user=coauthor)
    pledge.refresh_from_db()
    assert pledge.status == Pledge.Status.ACCEPTED and pledge.decided_at
    from partners.selectors import timeline_entries

    assert [e.actor_label for e in timeline_entries(initiative)] == [partner_a.name]


def test_a_stranger_cannot_answer_a_pledge(partner_a, initiative):
    pledge = PledgeFactory(partner=partner_a, initiative=initiative)
    with pytest.raises(NotAllowed):
        pledges.pledge_decline(pledge, user=UserFactory())
    assert Pledge.objects.get(pk=pledge.pk).status == Pledge.Status.OFFERED


def test_declined_pledge_cannot_be_accepted_later(partner_a, initiative):
    pledge = PledgeFactory(partner=partner_a, initiative=initiative)
    pledges.pledge_decline(pledge, user=initiative.author, reason="Уже нашли")
    with pytest.raises(WrongStatus):
        pledges.pledge_accept(pledge, user=initiative.author)


def test_partner_withdraws_its_own_offer_only_while_not_accepted(partner_a, partner_b, initiative):
    pledge = PledgeFactory(partner=partner_a, initiative=initiative)
    with pytest.raises(NotAllowed):
        pledges.pledge_withdraw(pledge, actor=PartnerActor(partner_b))
    pledges.pledge_withdraw(pledge, actor=PartnerActor(partner_a))
    assert pledge.status == Pledge.Status.WITHDRAWN
    accepted = PledgeFactory(partner=partner_a, initiative=initiative, status=Pledge.Status.ACCEPTED)
    with pytest.raises(WrongStatus):
        pledges.pledge_withdraw(accepted, actor=PartnerActor(partner_a))


def test_programme_create_update_close(partner_a, partner_b):
    today = timezone.localdate()
    programme = programmes.programme_create(
        PartnerActor(partner_a), title="Двор мечты", description="Гранты", applications_open=today,
        applications_close=today + dt.timedelta(days=10), budget=100000,
    )
    assert programme.status == Programme.Status.OPEN and programme.slug
    with pytest.raises(NotAllowed):
        programmes.programme_update(programme, PartnerActor(partner_b), title="Чужое")
    programmes.programme_update(programme, PartnerActor(partner_a), title="Двор мечты 2026")
    assert Programme.objects.get(pk=programme.pk).title == "Двор мечты 2026"
    with pytest.raises(DomainError):
        programmes.programme_update(programme, PartnerActor(partner_a), applications_close=today - dt.timedelta(days=1))
    programmes.programme_close(programme, PartnerActor(partner_a))
    with pytest.raises(WrongStatus):
        programmes.programme_update(programme, PartnerActor(partner_a), title="x")


def test_group_applies_once_and_the_partner_decides(partner_a, partner_b, initiative):
    programme = ProgrammeFactory(partner=partner_a)
    application = programmes.application_submit(programme, initiative, user=initiative.author, message="Просим")
    with pytest.raises(Conflict):
        programmes.application_submit(programme, initiative, user=initiative.author)
    with pytest.raises(NotAllowed):
        programmes.application_decide(application, PartnerActor(partner_b), accept=True)
    with pytest.raises(DomainError):
        programmes.application_decide(application, PartnerActor(partner_a), accept=False)
    programmes.application_decide(application, PartnerActor(partner_a), accept=False, reason="Не тот район")
    assert ProgrammeApplication.objects.get(pk=application.pk).status == "rejected"
    with pytest.raises(WrongStatus):
        programmes.application_decide(application, PartnerActor(partner_a), accept=True)
    assert Event.objects.filter(kind="application_decided").exists()


def test_only_the_group_applies_and_only_while_open(partner_a, initiative):
    closed = ProgrammeFactory(partner=partner_a, applications_close=timezone.localdate() - dt.timedelta(days=1),
                              applications_open=timezone.localdate() - dt.timedelta(days=9))
    with pytest.raises(Closed):
        programmes.application_submit(closed, initiative, user=initiative.author)
    with pytest.raises(NotAllowed):
        programmes.application_submit(ProgrammeFactory(partner=partner_a), initiative, user=UserFactory())


def test_application_factory_works(db):
    assert ApplicationFactory().status == "submitted"
