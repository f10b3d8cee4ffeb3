"""Capacities hold when many people register at the same moment (PostgreSQL: real row locks).

Each thread has its own database connection (Django gives one per thread) and
closes it at the end; a barrier releases all of them at once. Celery runs
eagerly in tests, so each committed transaction's notification events are expanded
and their e-mails land in mail.outbox right after the commit.
"""

from __future__ import annotations

import threading
from collections.abc import Callable

import pytest
from django.core import mail
from django.db import connection

from forum import services
from forum.models import Registration, SectionRegistration
from tests.factories import UserFactory

from .factories import ForumEditionFactory, SectionFactory, TopicFactory, register
from .outbox import replay_outbox

pytestmark = [
    pytest.mark.postgres,
    pytest.mark.django_db(transaction=True),
]

THREADS = 20
CAPACITY = 5
R = Registration.Status
SR = SectionRegistration.Status


def run_at_once(jobs: list[Callable[[], object]]) -> list[BaseException]:
    barrier = threading.Barrier(len(jobs))
    errors: list[BaseException] = []

    def run(job: Callable[[], object]) -> None:
        try:
            barrier.wait(timeout=30)
            job()
        except BaseException as exc:
            errors.append(exc)
        finally:
            connection.close()

    threads = [threading.Thread(target=run, args=(job,)) for job in jobs]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join(timeout=120)
    assert not any(thread.is_alive() for thread in threads), "a registration hung (deadlock?)"
    return errors


def test_edition_capacity_under_concurrent_registrations():
    edition = ForumEditionFactory(capacity=CAPACITY)
    users = [UserFactory() for _ in range(THREADS)]

    errors = run_at_once([lambda u=user: register(edition, u) for user in users])

    assert errors == []
    assert Registration.objects.filter(edition=edition, status=R.CONFIRMED).count() == CAPACITY
    assert Registration.objects.filter(edition=edition, status=R.WAITLISTED).count() == THREADS - CAPACITY
    # The queue is in lock order: every confirmed registration came before every waitlisted one.
    ordered = list(Registration.objects.filter(edition=edition).order_by("created_at", "id"))
    assert [r.status for r in ordered] == [R.CONFIRMED] * CAPACITY + [R.WAITLISTED] * (THREADS - CAPACITY)
    assert len(mail.outbox) == THREADS

    mail.outbox.clear()
    first_waiting = ordered[CAPACITY]
    leaving = ordered[0]
    services.registration_cancel(leaving, actor=leaving.user)

    first_waiting.refresh_from_db()
    assert first_waiting.status == R.CONFIRMED
    assert Registration.objects.filter(edition=edition, status=R.CONFIRMED).count() == CAPACITY
    assert [m.to for m in mail.outbox] == [[first_waiting.user.email]]
    assert "освободилось место" in mail.outbox[0].subject
    # Celery redelivering the expansion and the delivery does not send a second e-mail.
    replay_outbox()
    assert len(mail.outbox) == 1


def test_concurrent_cancellations_promote_exactly_as_many_in_order():
    edition = ForumEditionFactory(capacity=CAPACITY)
    regs = [register(edition, UserFactory()) for _ in range(CAPACITY + 6)]
    confirmed, waiting = regs[:CAPACITY], regs[CAPACITY:]
    mail.outbox.clear()

    errors = run_at_once([lambda r=reg: services.registration_cancel(r, actor=r.user) for reg in confirmed[:3]])

    assert errors == []
    statuses = [Registration.objects.get(pk=r.pk).status for r in waiting]
    assert statuses == [R.CONFIRMED] * 3 + [R.WAITLISTED] * 3
    assert Registration.objects.filter(edition=edition, status=R.CONFIRMED).count() == CAPACITY
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in waiting[:3])


def test_section_capacity_under_concurrent_registrations():
    edition = ForumEditionFactory(capacity=100)
    section = SectionFactory(edition=edition, capacity=CAPACITY)
    users = [UserFactory() for _ in range(THREADS)]

    errors = run_at_once([lambda u=user: register(edition, u, [section]) for user in users])

    assert errors == []
    # Everyone has a forum seat; the section took exactly its capacity.
    assert Registration.objects.filter(edition=edition, status=R.CONFIRMED).count() == THREADS
    places = SectionRegistration.objects.filter(section=section)
    assert places.filter(status=SR.CONFIRMED).count() == CAPACITY
    assert places.filter(status=SR.WAITLISTED).count() == THREADS - CAPACITY
    ordered = list(places.order_by("created_at", "id"))
    assert [p.status for p in ordered] == [SR.CONFIRMED] * CAPACITY + [SR.WAITLISTED] * (THREADS - CAPACITY)

    mail.outbox.clear()
    first_waiting = ordered[CAPACITY]
    leaving = ordered[0].registration
    services.registration_cancel(leaving, actor=leaving.user)

    first_waiting.refresh_from_db()
    assert first_waiting.status == SR.CONFIRMED
    assert places.filter(status=SR.CONFIRMED).count() == CAPACITY
    recipient = first_waiting.registration.user.email
    assert [m.to for m in mail.outbox] == [[recipient]]
    assert section.title in mail.outbox[0].body
    replay_outbox()
    assert len(mail.outbox) == 1


def test_topic_support_count_is_exact_under_concurrency():
    topic = TopicFactory()
    users = [UserFactory() for _ in range(THREADS)]

    errors = run_at_once([lambda u=user: services.topic_support(topic, user=u) for user in users])

    assert errors == []
    topic.refresh_from_db()
    assert topic.support_count == THREADS == topic.supports.count()
