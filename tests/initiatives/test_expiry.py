"""The daily task: published initiatives past their deadline below the threshold expire."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.utils import timezone

from initiatives.models import Initiative, StatusChange
from initiatives.services import WrongStatus, expire_overdue_initiatives, initiative_expire
from initiatives.tasks import expire_overdue
from tests.factories import MicrodistrictFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status


def _days(n: int) -> dt.date:
    return timezone.localdate() + dt.timedelta(days=n)


def collecting(district, *, deadline: dt.date, count: int = 10, threshold: int | None = 100, **kwargs) -> Initiative:
    # support_count is written directly: these tests are about the deadline, not about Support rows.
    return InitiativeFactory(
        status=kwargs.pop("status", S.PUBLISHED), microdistrict=MicrodistrictFactory(district=district),
        collection_deadline=deadline, support_count=count, support_threshold=threshold, **kwargs,
    )


def test_past_deadline_below_threshold_expires_by_the_system(district):
    initiative = collecting(district, deadline=_days(-1), count=99)
    assert expire_overdue_initiatives() == 1
    initiative.refresh_from_db()
    assert initiative.status == S.EXPIRED
    change = StatusChange.objects.get(initiative=initiative)
    assert (change.from_status, change.to_status, change.actor) == (S.PUBLISHED, S.EXPIRED, None)
    assert change.reason


@pytest.mark.parametrize("count", [100, 150])
def test_at_or_above_threshold_is_untouched(district, count):
    initiative = collecting(district, deadline=_days(-3), count=count)
    assert expire_overdue_initiatives() == 0
    initiative.refresh_from_db()
    assert initiative.status == S.PUBLISHED
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("days", [0, 1, 30])
def test_deadline_today_or_later_is_untouched(district, days):
    # The deadline day itself still belongs to the collection.
    initiative = collecting(district, deadline=_days(days), count=0)
    assert expire_overdue_initiatives() == 0
    initiative.refresh_from_db()
    assert initiative.status == S.PUBLISHED


@pytest.mark.parametrize("status", [S.CONSIDERATION, S.ACCEPTED, S.REJECTED, S.WITHDRAWN, S.MODERATION])
def test_only_published_initiatives_expire(district, status):
    initiative = collecting(district, deadline=_days(-5), count=0, status=status)
    assert expire_overdue_initiatives() == 0
    initiative.refresh_from_db()
    assert initiative.status == status


def test_idempotent(district):
    due = collecting(district, deadline=_days(-1), count=3)
    kept = collecting(district, deadline=_days(5), count=3)
    assert expire_overdue_initiatives() == 1
    assert expire_overdue_initiatives() == 0
    assert StatusChange.objects.filter(initiative=due).count() == 1
    assert not StatusChange.objects.filter(initiative=kept).exists()
    due.refresh_from_db()
    assert due.status == S.EXPIRED


def test_several_due_in_one_run(district, other_district):
    due = [collecting(district, deadline=_days(-1), count=0), collecting(other_district, deadline=_days(-40))]
    assert expire_overdue_initiatives() == 2
    assert set(Initiative.objects.filter(status=S.EXPIRED)) == set(due)


def test_today_argument_moves_the_cut_off(district):
    initiative = collecting(district, deadline=_days(3), count=0)
    assert expire_overdue_initiatives(today=_days(3)) == 0
    # The service re-checks against the real date under the row lock, so a future
    # "today" cannot expire an initiative whose deadline has not really passed.
    assert expire_overdue_initiatives(today=_days(4)) == 0
    initiative.refresh_from_db()
    assert initiative.status == S.PUBLISHED


def test_expire_service_refuses_when_not_due(district):
    initiative = collecting(district, deadline=_days(2), count=0)
    with pytest.raises(WrongStatus):
        initiative_expire(initiative)
    reached = collecting(district, deadline=_days(-2), count=100)
    with pytest.raises(WrongStatus):
        initiative_expire(reached)


def test_periodic_task_runs_the_service_and_is_scheduled(district):
    initiative = collecting(district, deadline=_days(-1), count=0)
    assert expire_overdue.apply().get() == 1
    initiative.refresh_from_db()
    assert initiative.status == S.EXPIRED
    scheduled = {entry["task"] for entry in settings.CELERY_BEAT_SCHEDULE.values()}
    assert "initiatives.tasks.expire_overdue" in scheduled
