"""Bad or missing POST data on an act's point: a message or a 4xx, never a 500."""

from __future__ import annotations

import pytest
from django.urls import reverse

from acts import services
from acts.models import NormativeAct, PointComment, PointVote
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("data", [{}, {"value": ""}, {"value": "maybe"}, {"value": "\x00"}, {"value": ["a", "b"]}])
def test_vote_with_bad_value_is_a_message(client, open_act, point, resident, data):
    client.force_login(resident)
    response = client.post(reverse("acts:vote", args=[open_act.slug, point.pk]), data, follow=True)
    assert response.status_code == 200
    assert "Выберите: поддерживаю или возражаю." in response.content.decode()
    assert not PointVote.objects.exists()


@pytest.mark.parametrize("status", [NormativeAct.Status.CLOSED, NormativeAct.Status.ADOPTED,
                                    NormativeAct.Status.REJECTED])
def test_vote_and_withdraw_on_a_closed_discussion_are_refused(client, make_act, resident, status):
    act = make_act(status)
    point = act.points.first()
    PointVote.objects.create(point=point, user=resident, value="support")
    client.force_login(resident)
    for value in ("object", "withdraw"):
        response = client.post(reverse("acts:vote", args=[act.slug, point.pk]), {"value": value}, follow=True)
        assert response.status_code == 200
        assert "Обсуждение этого акта закрыто" in response.content.decode()
    assert PointVote.objects.get().value == "support"


@pytest.mark.parametrize("data", [{}, {"body": "Ответ", "parent": "abc"}, {"body": "Ответ", "parent": "999999"},
                                  {"body": "x" * 20_000}])
def test_comment_with_bad_fields(client, open_act, point, resident, data):
    client.force_login(resident)
    response = client.post(reverse("acts:comment_add", args=[open_act.slug, point.pk]), data)
    assert response.status_code in (302, 400)
    assert not PointComment.objects.exists()


def test_reply_to_a_comment_of_another_point_is_refused(client, open_act, resident):
    first, second = open_act.points.all()[:2]
    other = services.comment_add(first, author=UserFactory(), body="Там.")
    client.force_login(resident)
    response = client.post(reverse("acts:comment_add", args=[open_act.slug, second.pk]),
                           {"body": "Ответ", "parent": other.pk}, follow=True)
    assert response.status_code == 200
    assert "не найден" in response.content.decode()
    assert PointComment.objects.count() == 1


def test_edit_and_report_with_missing_fields_or_unknown_comment(client, open_act, point, resident):
    comment = services.comment_add(point, author=resident, body="Мнение.")
    client.force_login(resident)
    base = [open_act.slug, point.pk]
    assert client.post(reverse("acts:comment_edit", args=[*base, comment.pk]), {}).status_code == 302
    assert client.post(reverse("acts:comment_edit", args=[*base, 999999]), {"body": "x"}).status_code == 404
    assert client.post(reverse("acts:comment_report", args=[*base, 999999]), {}).status_code == 404
    client.force_login(UserFactory())
    assert client.post(reverse("acts:comment_report", args=[*base, comment.pk]), {}).status_code == 302
    assert client.post(reverse("acts:comment_edit", args=[*base, comment.pk]), {"body": "Чужое"}).status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Мнение." and comment.report_count == 1


def test_get_on_an_action_is_405(client, open_act, point, resident):
    client.force_login(resident)
    assert client.get(reverse("acts:vote", args=[open_act.slug, point.pk])).status_code == 405
