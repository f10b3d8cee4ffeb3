"""Moderators hide topics with a reason; declined and hidden topics leave the public list."""

from __future__ import annotations

import pytest
from django.urls import reverse

from forum import services
from forum.models import Topic
from tests.factories import StaffUserFactory

from .factories import ForumEditionFactory, TopicFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def edition():
    return ForumEditionFactory()


def _public_titles(client, edition) -> str:
    return client.get(reverse("forum:topics", args=[edition.year])).content.decode()


def test_declined_and_hidden_topics_leave_the_public_list(client, edition, city_moderator):
    kept = TopicFactory(edition=edition, title="Свет во дворах")
    declined = TopicFactory(edition=edition, title="Отклонённая тема")
    hidden = TopicFactory(edition=edition, title="Реклама окон ПВХ")
    services.topic_decline(declined, actor=city_moderator)
    services.topic_hide(hidden, actor=city_moderator, reason="Реклама")
    page = _public_titles(client, edition)
    assert kept.title in page
    assert declined.title not in page and hidden.title not in page


def test_hide_records_reason_and_moderator(edition, city_moderator):
    topic = services.topic_hide(TopicFactory(edition=edition), actor=city_moderator, reason="Оскорбления")
    topic.refresh_from_db()
    assert topic.status == Topic.Status.HIDDEN and topic.hidden_reason == "Оскорбления"
    assert topic.moderated_by == city_moderator and topic.moderated_at is not None


def test_hide_needs_a_reason_and_a_moderator(edition, resident, city_moderator):
    topic = TopicFactory(edition=edition)
    with pytest.raises(services.DomainError):
        services.topic_hide(topic, actor=city_moderator, reason="  ")
    with pytest.raises(services.NotAllowed):
        services.topic_hide(topic, actor=resident, reason="Не нравится")
    topic.refresh_from_db()
    assert topic.status == Topic.Status.PROPOSED


def test_hidden_topic_takes_no_support(edition, city_moderator, resident):
    topic = services.topic_hide(TopicFactory(edition=edition), actor=city_moderator, reason="Реклама")
    with pytest.raises(services.WrongStatus):
        services.topic_support(topic, user=resident)


def test_moderator_hides_a_topic_in_the_admin_with_a_reason(client, edition):
    moderator = StaffUserFactory(role="moderator")
    topic = TopicFactory(edition=edition, title="Спам")
    client.force_login(moderator)
    url = reverse("admin:forum_topic_hide", args=[topic.pk])
    assert client.get(url).status_code == 200
    assert client.post(url, {"reason": ""}).status_code == 200  # the form asks for the reason
    response = client.post(url, {"reason": "Реклама"})
    assert response.status_code == 302
    topic.refresh_from_db()
    assert topic.status == Topic.Status.HIDDEN and topic.hidden_reason == "Реклама"


def test_resident_cannot_open_the_hide_page(client, edition, resident):
    topic = TopicFactory(edition=edition)
    client.force_login(resident)
    response = client.post(reverse("admin:forum_topic_hide", args=[topic.pk]), {"reason": "x"})
    assert response.status_code == 302 and "/login" in response["Location"]
    topic.refresh_from_db()
    assert topic.status == Topic.Status.PROPOSED
