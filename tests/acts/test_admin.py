"""Staff work on acts in the admin: pages load, actions call the services, rights are checked there."""

from __future__ import annotations

import datetime as dt

import pytest
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from acts import services
from acts.models import ActPoint, DiscussionSummary, NormativeAct, PointComment

pytestmark = pytest.mark.django_db


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def _action(client: Client, name: str, objects, model: str = "normativeact", **extra):
    data = {"action": name, "_selected_action": [o.pk for o in objects], **extra}
    return client.post(reverse(f"admin:acts_{model}_changelist"), data, follow=True)


def test_admin_pages_load_for_an_administrator(administrator, open_act, point, resident):
    services.comment_add(point, author=resident, body="Текст")
    client = _client(administrator)
    for model in ("normativeact", "actpoint", "pointcomment", "discussionsummary"):
        assert client.get(reverse(f"admin:acts_{model}_changelist")).status_code == 200, model
    assert client.get(reverse("admin:acts_normativeact_change", args=[open_act.pk])).status_code == 200


def test_administrator_opens_and_closes_a_discussion_through_actions(administrator, make_act):
    act = make_act(discussion_ends_on=timezone.localdate() + dt.timedelta(days=20))
    client = _client(administrator)
    _action(client, "open_discussion", [act])
    assert NormativeAct.objects.get(pk=act.pk).status == "discussion"
    _action(client, "close_discussion", [act])
    assert NormativeAct.objects.get(pk=act.pk).status == "closed"


def test_district_moderator_cannot_open_a_discussion(moderator, make_act):
    act = make_act(discussion_ends_on=timezone.localdate() + dt.timedelta(days=20))
    response = _action(_client(moderator), "open_discussion", [act])
    assert NormativeAct.objects.get(pk=act.pk).status == "preparing"
    assert response.status_code in (200, 403)


def test_summary_written_in_the_admin_goes_through_the_service(administrator, make_act):
    act = make_act("closed")
    point = ActPoint.objects.filter(act=act).first()
    client = _client(administrator)
    client.post(reverse("admin:acts_discussionsummary_add"),
                {"point": point.pk, "decision": "partly", "reasoning": "Срок сокращён."})
    assert DiscussionSummary.objects.get(point=point).author == administrator
    _action(client, "publish_summary", [act])
    assert NormativeAct.objects.get(pk=act.pk).summary_is_published


def test_moderator_hides_a_comment_with_a_reason(administrator, point, resident):
    comment = services.comment_add(point, author=resident, body="Оскорбление")
    client = _client(administrator)
    page = _action(client, "hide", [comment], model="pointcomment")
    assert "Причина" in page.content.decode()  # the reason form first
    _action(client, "hide", [comment], model="pointcomment", confirm="1", reason="Оскорбление")
    assert PointComment.objects.get(pk=comment.pk).is_hidden


def test_a_moderator_of_another_district_cannot_hide_through_the_admin(point, resident, other_district):
    from tests.factories import StaffUserFactory

    stranger = StaffUserFactory(role="moderator", moderated_district=other_district)
    point.act.districts.set([])  # a city-wide act: not the district moderator's to moderate
    comment = services.comment_add(point, author=resident, body="Мнение")
    _action(_client(stranger), "hide", [comment], model="pointcomment", confirm="1", reason="Не нравится")
    assert not PointComment.objects.get(pk=comment.pk).is_hidden


@pytest.mark.parametrize("role", ["microdistrict_manager", "partner_member"])
def test_managers_and_partners_have_no_acts_admin(open_act, role):
    from tests.factories import StaffUserFactory

    client = _client(StaffUserFactory(role=role))
    for model in ("normativeact", "pointcomment", "discussionsummary"):
        assert client.get(reverse(f"admin:acts_{model}_changelist")).status_code in (302, 403), model
    response = _action(client, "open_discussion", [open_act])
    assert NormativeAct.objects.get(pk=open_act.pk).status == open_act.status
    assert response.status_code in (200, 403)
