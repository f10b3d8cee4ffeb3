"""Topics for the next forum: proposals, exact support counts, staff selection."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import ForumEdition, Topic, TopicSupport
from tests.factories import UserFactory

from .factories import ForumEditionFactory, TopicFactory

pytestmark = pytest.mark.django_db


def test_support_is_counted_once_per_person(resident):
    topic = TopicFactory()
    services.topic_support(topic, user=resident)
    with pytest.raises(services.AlreadySupported):
        services.topic_support(topic, user=resident)
    services.topic_support(topic, user=UserFactory())
    topic.refresh_from_db()
    assert topic.support_count == 2 == TopicSupport.objects.filter(topic=topic).count()


def test_withdrawing_support(resident):
    topic = TopicFactory()
    services.topic_support(topic, user=resident)
    services.topic_unsupport(topic, user=resident)
    topic.refresh_from_db()
    assert topic.support_count == 0
    with pytest.raises(services.DomainError):
        services.topic_unsupport(topic, user=resident)


def test_author_cannot_support_own_topic():
    topic = TopicFactory()
    with pytest.raises(services.NotAllowed):
        services.topic_support(topic, user=topic.author)


def test_no_support_after_staff_decided(forum_moderator, resident):
    topic = TopicFactory()
    services.topic_select(topic, actor=forum_moderator)
    with pytest.raises(services.WrongStatus):
        services.topic_support(topic, user=resident)


def test_topics_only_for_an_upcoming_forum(resident):
    held = ForumEditionFactory(status=ForumEdition.Status.HELD)
    with pytest.raises(services.WrongStatus):
        services.topic_propose(edition=held, author=resident, title="Тема", description="Почему")
    page = Client().get(reverse("forum:topics", args=[held.year])).content.decode()
    assert "Приём тем для этого форума завершён" in page


def test_selecting_needs_staff(resident):
    topic = TopicFactory()
    with pytest.raises(services.NotAllowed):
        services.topic_select(topic, actor=resident)
    with pytest.raises(services.NotAllowed):
        services.topic_decline(topic, actor=resident)
    topic.refresh_from_db()
    assert topic.status == Topic.Status.PROPOSED


def test_topics_page_marks_what_i_supported(resident):
    edition = ForumEditionFactory()
    mine = TopicFactory(edition=edition, title="Освещение дворов")
    TopicFactory(edition=edition, title="Велодорожки на бульваре Гая")
    services.topic_support(mine, user=resident)
    client = Client()
    client.force_login(resident)
    page = client.get(reverse("forum:topics", args=[edition.year])).content.decode()
    assert page.index("Освещение дворов") < page.index("Велодорожки на бульваре Гая")  # most supported first
    assert reverse("forum:topic_unsupport", args=[edition.year, mine.pk]) in page


def test_topic_proposals_are_rate_limited(resident, settings):
    edition = ForumEditionFactory(status=ForumEdition.Status.REGISTRATION_OPEN)
    if not edition.is_upcoming:
        pytest.skip("the factory's edition is not upcoming")
    client = Client()
    client.force_login(resident)
    url = reverse("forum:topics", args=[edition.year])
    for number in range(6):
        client.post(url, {"title": f"Тема номер {number} для обсуждения", "description": "Описание темы.",
                          "website": ""})
    assert Topic.objects.filter(author=resident).count() == 5
