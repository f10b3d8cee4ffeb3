from __future__ import annotations

import pytest

from tests.initiatives.factories import InitiativeFactory, add_coauthor

from .factories import PartnerFactory


@pytest.fixture
def partner_a(db):
    return PartnerFactory(name="Фонд А", slug="fond-a")


@pytest.fixture
def partner_b(db):
    return PartnerFactory(name="Компания Б", slug="company-b", kind="business")


@pytest.fixture
def initiative(db):
    initiative = InitiativeFactory()
    add_coauthor(initiative)
    return initiative
