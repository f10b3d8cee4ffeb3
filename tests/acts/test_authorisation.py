"""Who may do what with an act, role by role: take part, edit a comment, hide it, move the act, sum up.

Services make the final check; the pages and the admin call them, so the matrix is asserted there.
"""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.auth.models import AnonymousUser
from django.utils import timezone

from acts import permissions, services
from acts.models import NormativeAct
from core.errors import DomainError
from tests.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

ROLES = ("anonymous", "resident", "author", "district_moderator", "other_district_moderator", "city_moderator",
         "administrator", "manager", "partner")


@pytest.fixture
def people(district, other_district):
    return {
        "anonymous": AnonymousUser(),
        "resident": UserFactory(),
        "author": UserFactory(),
        "district_moderator": StaffUserFactory(role="moderator", moderated_district=district),
        "other_district_moderator": StaffUserFactory(role="moderator", moderated_district=other_district),
        "city_moderator": StaffUserFactory(role="moderator"),
        "administrator": StaffUserFactory(role="administrator"),
        "manager": StaffUserFactory(role="microdistrict_manager"),
        "partner": StaffUserFactory(role="partner_member"),
    }


@pytest.fixture
def district_act(make_act, district):
    act = make_act(NormativeAct.Status.DISCUSSION)
    act.districts.add(district)
    return act


def _allowed(call) -> bool:
    try:
        call()
    except DomainError:
        return False
    return True


TAKE_PART = {"resident", "author", "district_moderator", "other_district_moderator", "city_moderator",
             "administrator", "manager", "partner"}
MODERATE = {"district_moderator", "city_moderator", "administrator"}
MANAGE = {"city_moderator", "administrator"}


@pytest.mark.parametrize("role", ROLES)
def test_who_votes_and_comments(people, district_act, role):
    point = district_act.points.first()
    user = people[role]
    assert _allowed(lambda: services.vote(point, user=user, value="support")) is (role in TAKE_PART)
    assert _allowed(lambda: services.comment_add(point, author=user, body="Мнение.")) is (role in TAKE_PART)


@pytest.mark.parametrize("role", ROLES)
def test_who_edits_reports_and_hides_a_comment(people, district_act, role):
    point = district_act.points.first()
    comment = services.comment_add(point, author=people["author"], body="Мнение.")
    user = people[role]
    assert comment.editable_by(user) is (role == "author")
    assert _allowed(lambda: services.comment_edit(comment, actor=user, body="Другое.")) is (role == "author")
    assert _allowed(lambda: services.comment_report(comment, reporter=user)) is (role in TAKE_PART - {"author"})
    assert permissions.can_moderate_comments(user, district_act) is (role in MODERATE)
    assert _allowed(lambda: services.comment_hide(comment, moderator=user, reason="Оскорбление.")) is (
        role in MODERATE)


@pytest.mark.parametrize("role", ROLES)
def test_who_moves_the_act_and_publishes_the_summary(people, make_act, role):
    user = people[role]
    act = make_act(NormativeAct.Status.PREPARING)
    ends_on = timezone.localdate() + dt.timedelta(days=30)
    assert _allowed(lambda: services.open_discussion(act, actor=user, ends_on=ends_on)) is (role in MANAGE)
    act = make_act(NormativeAct.Status.DISCUSSION)
    assert _allowed(lambda: services.close_discussion(act, actor=user)) is (role in MANAGE)
    act = make_act(NormativeAct.Status.CLOSED)
    assert _allowed(lambda: services.summary_set(act.points.first(), actor=user, decision="accepted",
                                                 reasoning="Учтено.")) is (role in MANAGE)
    assert _allowed(lambda: services.publish_summary(act, actor=user)) is (role in MANAGE)


def test_a_preparing_act_leaks_nowhere(client, make_act, administrator):
    act = make_act(NormativeAct.Status.PREPARING, title="Секретный проект положения")
    point = act.points.first()
    client.force_login(administrator)  # not even staff see it on the public pages
    for url in (act.get_absolute_url(), point.get_absolute_url(), f"{act.get_absolute_url()}compare/"):
        assert client.get(url).status_code == 404
    for url in ("/acts/", "/acts/?status=preparing", "/plan/", "/plan/list/", "/plan/calendar.ics",
                "/open-data/acts.csv", "/open-data/acts.json", "/open-data/act-summaries.csv"):
        response = client.get(url)
        assert response.status_code == 200, url
        body = (b"".join(response.streaming_content) if response.streaming else response.content).decode()
        assert "Секретный проект" not in body, url
    response = client.post(f"{point.get_absolute_url()}vote/", {"value": "support"})
    assert response.status_code == 404
    assert not point.votes.exists()


@pytest.mark.parametrize("role", ROLES)
def test_a_hidden_comment_shows_neither_text_nor_author_to_anyone(client, people, district_act, role):
    point = district_act.points.first()
    comment = services.comment_add(point, author=people["author"], body="Грубость в адрес соседей.")
    services.comment_hide(comment, moderator=people["administrator"], reason="Оскорбление.")
    if role != "anonymous":
        client.force_login(people[role])
    page = client.get(point.get_absolute_url()).content.decode().split('id="comments-heading"', 1)[1]
    assert "Грубость в адрес соседей." not in page
    assert "Комментарий скрыт модератором" in page
    assert people["author"].public_name not in page
    assert _allowed(lambda: services.comment_add(point, author=people["resident"], body="Ответ.",
                                                 parent=comment)) is False
