"""The acts' demo: a draft on TOS open for discussion with comments, an adopted act with its summary."""

from __future__ import annotations

import pytest

from acts.demo import COUNCILS_SLUG, TOS_SLUG, load_acts_demo
from acts.models import NormativeAct, PointComment
from core.demo import DemoRun
from notifications.models import Event
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def test_demo_acts_are_loaded_once_and_raise_no_letters(superuser):
    for n in range(1, 60):
        UserFactory(email=f"resident{n}@residents.demo.tolyatti.local")
    run = DemoRun(with_users=True, password="", password_from_env=False, scale="demo", verbosity=0, stdout=None)
    assert load_acts_demo(run) == 2
    tos = NormativeAct.objects.get(slug=TOS_SLUG)
    assert tos.title == "Положение о территориальном общественном самоуправлении в городском округе Тольятти"
    assert tos.is_discussion_open
    assert PointComment.objects.filter(point__act=tos).values("point").distinct().count() >= 3
    adopted = NormativeAct.objects.get(slug=COUNCILS_SLUG)
    assert adopted.status == NormativeAct.Status.ADOPTED and adopted.summary_is_published
    assert adopted.adopted_pdf and adopted.versions.count() == 2
    assert not Event.objects.exists()
    assert load_acts_demo(run) == 0
