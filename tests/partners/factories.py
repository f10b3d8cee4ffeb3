"""Factories for partners: organisations with valid ИНН/ОГРН, pledges, programmes, keys."""

from __future__ import annotations

import datetime as dt

import factory
from django.utils import timezone

from partners.models import PartnerOrganization, Pledge, Programme, ProgrammeApplication
from partners.services.keys import key_issue
from tests.initiatives.factories import InitiativeFactory


def valid_inn(n: int) -> str:
    base = f"63{n:07d}"[-9:]
    digits = [int(c) for c in base]
    weights = (2, 4, 10, 3, 5, 9, 4, 6, 8)
    return base + str(sum(d * w for d, w in zip(digits, weights, strict=True)) % 11 % 10)


def valid_ogrn(n: int) -> str:
    base = f"1026300{n:05d}"[-12:]
    return base + str(int(base) % 11 % 10)


class PartnerFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = PartnerOrganization

    name = factory.Sequence(lambda n: f"Фонд «Добрый Тольятти» {n}")
    slug = factory.Sequence(lambda n: f"partner-{n}")
    kind = PartnerOrganization.Kind.NGO
    inn = factory.Sequence(lambda n: valid_inn(n + 1))
    ogrn = factory.Sequence(lambda n: valid_ogrn(n + 1))
    website = "https://dobro.example.org"
    work_email = "info@dobro.example.org"
    is_verified = True


class PledgeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Pledge

    partner = factory.SubFactory(PartnerFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    kind = Pledge.Kind.MONEY
    amount = 50000
    message = "Готовы оплатить скамейки."


class ProgrammeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Programme

    partner = factory.SubFactory(PartnerFactory)
    title = factory.Sequence(lambda n: f"Грантовый конкурс «Двор мечты» {n}")
    slug = factory.Sequence(lambda n: f"programme-{n}")
    description = "Гранты до 300 000 ₽ на благоустройство дворов."
    budget = 3000000
    applications_open = factory.LazyFunction(lambda: timezone.localdate() - dt.timedelta(days=5))
    applications_close = factory.LazyFunction(lambda: timezone.localdate() + dt.timedelta(days=25))
    status = Programme.Status.OPEN


class ApplicationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ProgrammeApplication

    programme = factory.SubFactory(ProgrammeFactory)
    initiative = factory.SubFactory(InitiativeFactory)
    applicant = factory.LazyAttribute(lambda o: o.initiative.author)


def make_key(partner: PartnerOrganization, scopes: str = "read", **kwargs) -> str:
    return key_issue(partner, name=kwargs.pop("name", "test key"), scopes=scopes, **kwargs)[1]
