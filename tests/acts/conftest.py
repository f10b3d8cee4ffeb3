"""Fixtures for normative acts: an act with two sections and three points, in any status."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.utils import timezone

from acts.models import ActPoint, ActSection, NormativeAct
from tests.factories import MicrodistrictFactory, StaffUserFactory, UserFactory


@pytest.fixture
def administrator(db):
    return StaffUserFactory(role="administrator")


@pytest.fixture
def make_act(db) -> Callable[..., NormativeAct]:
    counter = iter(range(1, 10_000))

    def make(status: str = NormativeAct.Status.PREPARING, **fields) -> NormativeAct:
        n = next(counter)
        today = timezone.localdate()
        fields.setdefault("title", f"Положение о ТОС, редакция {n}")
        fields.setdefault("slug", f"act-{n}")
        fields.setdefault("drafted_by", "Администрация городского округа Тольятти")
        if status != NormativeAct.Status.PREPARING:
            fields.setdefault("discussion_starts_on", today - dt.timedelta(days=3))
            fields.setdefault("discussion_ends_on", today + dt.timedelta(days=10))
        if status == NormativeAct.Status.ADOPTED:
            fields.setdefault("adopted_on", today)
            fields.setdefault("number", "12-п")
        act = NormativeAct.objects.create(status=status, **fields)
        first = ActSection.objects.create(act=act, number="1", title="Общие положения", position=0)
        second = ActSection.objects.create(act=act, number="2", title="Создание ТОС", position=1)
        ActPoint.objects.create(act=act, section=first, number="1.1", text="ТОС создаётся жителями.", position=1)
        ActPoint.objects.create(act=act, section=second, number="2.1",
                                text="Границы устанавливаются в течение 30 дней.", position=2)
        ActPoint.objects.create(act=act, section=second, number="2.2", text="Собрание правомочно при трети жителей.",
                                position=3)
        return act

    return make


@pytest.fixture
def open_act(make_act) -> NormativeAct:
    return make_act(NormativeAct.Status.DISCUSSION)


@pytest.fixture
def point(open_act) -> ActPoint:
    return open_act.points.get(number="2.1")


@pytest.fixture
def resident_in(db, district):
    return UserFactory(home_microdistrict=MicrodistrictFactory(district=district))
