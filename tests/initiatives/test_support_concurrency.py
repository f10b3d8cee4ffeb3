"""Supports under real concurrency (PostgreSQL): the counter equals the rows, no duplicates.

Each thread is a separate database connection, released at the end; a barrier starts
them together so the row lock in `support_add` is really contended.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.db import connections

from initiatives.models import Follow, Initiative, Support
from initiatives.services import DomainError, support_add
from tests.factories import UserFactory

from .factories import InitiativeFactory

THREADS = 30

pytestmark = [
    pytest.mark.postgres,
    # The flush after these tests empties seeded reference data; tests/conftest.py puts it back.
    pytest.mark.django_db(transaction=True),
]


def run_together(workers: list[Callable[[], None]]) -> list[BaseException | str]:
    """Run every worker in its own thread, started at once; return what each one ended with."""
    barrier = threading.Barrier(len(workers))
    outcomes: list[BaseException | str] = [""] * len(workers)

    def run(index: int, work: Callable[[], None]) -> None:
        try:
            barrier.wait(timeout=30)
            work()
            outcomes[index] = "ok"
        except BaseException as exc:  # the test inspects every outcome, errors included
            outcomes[index] = exc
        finally:
            connections.close_all()

    threads = [threading.Thread(target=run, args=(i, w)) for i, w in enumerate(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=60)
    assert not any(thread.is_alive() for thread in threads), "a support hung on the row lock"
    return outcomes


def test_concurrent_supports_of_different_residents_are_all_counted():
    initiative = InitiativeFactory(support_threshold=1000)
    residents = [UserFactory() for _ in range(THREADS)]

    outcomes = run_together(
        [lambda user=user: support_add(Initiative(pk=initiative.pk), user=user) for user in residents]
    )

    assert outcomes == ["ok"] * THREADS
    initiative.refresh_from_db()
    rows = Support.objects.filter(initiative=initiative)
    assert initiative.support_count == rows.count() == THREADS
    assert rows.values("user").distinct().count() == THREADS
    assert Follow.objects.filter(initiative=initiative).count() == THREADS
    assert initiative.status == Initiative.Status.PUBLISHED


def test_the_same_resident_from_several_threads_supports_exactly_once():
    initiative = InitiativeFactory(support_threshold=1000)
    resident = UserFactory()

    outcomes = run_together([lambda: support_add(Initiative(pk=initiative.pk), user=resident) for _ in range(8)])

    assert outcomes.count("ok") == 1
    refusals = [o for o in outcomes if o != "ok"]
    assert all(isinstance(o, DomainError) for o in refusals), refusals
    initiative.refresh_from_db()
    assert initiative.support_count == 1
    assert Support.objects.filter(initiative=initiative, user=resident).count() == 1


def test_the_support_that_reaches_the_threshold_moves_the_initiative_once():
    initiative = InitiativeFactory(support_threshold=10)
    residents = [UserFactory() for _ in range(THREADS)]

    outcomes = run_together(
        [lambda user=user: support_add(Initiative(pk=initiative.pk), user=user) for user in residents]
    )

    initiative.refresh_from_db()
    assert outcomes.count("ok") == 10
    assert initiative.support_count == Support.objects.filter(initiative=initiative).count() == 10
    assert initiative.status == Initiative.Status.CONSIDERATION
    assert initiative.status_changes.filter(to_status=Initiative.Status.CONSIDERATION).count() == 1
