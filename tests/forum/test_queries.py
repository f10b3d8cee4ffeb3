"""Pages cost the same number of queries with 5 rows as with 50 (no per-row queries)."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable

import pytest
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from forum import services
from forum.models import ForumEdition, ProgressReport
from initiatives.models import Initiative
from tests.factories import CouncilFactory, UserFactory

from .factories import (
    ForumEditionFactory,
    ResolutionItemFactory,
    SectionFactory,
    SpeakerFactory,
    TopicFactory,
    register,
)

pytestmark = pytest.mark.django_db

# A generous ceiling on top of «constant»: a page that needs more has lost a prefetch somewhere.
CEILING = 15


def count_queries(client: Client, url: str) -> int:
    with CaptureQueriesContext(connection) as ctx:
        response = client.get(url)
    assert response.status_code == 200
    return len(ctx.captured_queries)


def assert_constant(
    django_assert_num_queries, client: Client, url: str, grow: Callable[[int], None]
) -> int:
    grow(5)
    client.get(url)  # warm caches that are per process (content types, translations), not per row
    small = count_queries(client, url)
    grow(45)
    with django_assert_num_queries(small):
        response = client.get(url)
    assert response.status_code == 200
    assert small <= CEILING
    return small


def test_programme_page(django_assert_num_queries, resident):
    edition = ForumEditionFactory(capacity=500)
    client = Client()
    client.force_login(resident)
    register(edition, resident)

    def grow(n: int) -> None:
        for i in range(n):
            section = SectionFactory(edition=edition, capacity=30,
                                     starts_at=edition.starts_at + dt.timedelta(minutes=i))
            section.speakers.add(SpeakerFactory(), SpeakerFactory())

    assert_constant(django_assert_num_queries, client, reverse("forum:edition", args=[edition.year]), grow)


def test_held_programme_page_with_materials(django_assert_num_queries):
    edition = ForumEditionFactory(status=ForumEdition.Status.HELD)

    def grow(n: int) -> None:
        for _ in range(n):
            section = SectionFactory(edition=edition)
            section.speakers.add(SpeakerFactory())
            edition.materials.create(title="Видеозапись", kind="video", url="https://example.org/v", section=section)

    assert_constant(django_assert_num_queries, Client(), reverse("forum:edition", args=[edition.year]), grow)


def test_checkin_page(django_assert_num_queries, forum_moderator):
    edition = ForumEditionFactory(capacity=500)
    sections = [SectionFactory(edition=edition, starts_at=edition.starts_at + dt.timedelta(hours=h)) for h in (0, 2)]
    client = Client()
    client.force_login(forum_moderator)

    def grow(n: int) -> None:
        for _ in range(n):
            register(edition, UserFactory(), sections)

    assert_constant(django_assert_num_queries, client, reverse("forum:checkin", args=[edition.year]), grow)


def test_my_registrations_page(django_assert_num_queries, resident):
    client = Client()
    client.force_login(resident)

    def grow(n: int) -> None:
        for _ in range(n):
            edition = ForumEditionFactory()
            sections = [SectionFactory(edition=edition, starts_at=edition.starts_at + dt.timedelta(hours=h))
                        for h in (0, 2)]
            register(edition, resident, sections)

    assert_constant(django_assert_num_queries, client, reverse("forum:my_registrations"), grow)


def test_resolution_page(django_assert_num_queries, forum_moderator):
    resolution = ResolutionItemFactory(number=1000).resolution
    council = CouncilFactory()
    author = UserFactory()
    client = Client()
    client.force_login(forum_moderator)

    def grow(n: int) -> None:
        start = resolution.items.count()
        for i in range(n):
            item = ResolutionItemFactory(resolution=resolution, number=start + i + 1,
                                         next_edition=resolution.edition)
            item.responsible_councils.add(council)
            item.initiatives.add(Initiative.objects.create(
                title=f"Инициатива {start + i}", summary="…", author=author, scope="city", status="implemented",
            ))
            for day in (1, 2):
                ProgressReport.objects.create(item=item, text="Сделано.", author=forum_moderator,
                                              reported_on=dt.date(2026, 1, day))

    url = reverse("forum:resolution", args=[resolution.edition.year])
    assert_constant(django_assert_num_queries, client, url, grow)


def test_topics_page(django_assert_num_queries, resident):
    edition = ForumEditionFactory()
    client = Client()
    client.force_login(resident)

    def grow(n: int) -> None:
        for _ in range(n):
            topic = TopicFactory(edition=edition)
            services.topic_support(topic, user=resident)

    # 30 per page: 5 rows against a full page.
    assert_constant(django_assert_num_queries, client, reverse("forum:topics", args=[edition.year]), grow)

