"""Statuses of acts and their services: who may move them, in which order, with which records."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from acts import services
from acts.models import ActVersion, DiscussionSummary, NormativeAct, PointComment, PointVote
from core.errors import Closed, Conflict, DomainError, NotAllowed, WrongStatus
from tests.factories import UserFactory

S = NormativeAct.Status
pytestmark = pytest.mark.django_db


def test_open_discussion_sets_window_freezes_draft_and_records_history(make_act, administrator):
    act = make_act()
    today = timezone.localdate()
    services.open_discussion(act, actor=administrator, starts_on=today, ends_on=today + dt.timedelta(days=30))
    act.refresh_from_db()
    assert act.status == S.DISCUSSION and act.is_discussion_open
    version = ActVersion.objects.get(act=act, kind=ActVersion.Kind.DISCUSSED)
    assert [p["number"] for p in version.points] == ["1.1", "2.1", "2.2"]
    change = act.status_changes.get()
    assert (change.from_status, change.to_status, change.actor) == (S.PREPARING, S.DISCUSSION, administrator)


def test_open_discussion_needs_an_end_date_after_the_start(make_act, administrator):
    act = make_act()
    today = timezone.localdate()
    with pytest.raises(DomainError):
        services.open_discussion(act, actor=administrator, starts_on=today)
    with pytest.raises(DomainError):
        services.open_discussion(act, actor=administrator, starts_on=today, ends_on=today - dt.timedelta(days=1))
    assert NormativeAct.objects.get(pk=act.pk).status == S.PREPARING


@pytest.mark.parametrize("who", ["resident", "moderator"])
def test_residents_and_district_moderators_cannot_move_acts(make_act, who, resident, moderator):
    act = make_act()
    actor = {"resident": resident, "moderator": moderator}[who]
    with pytest.raises(NotAllowed):
        services.open_discussion(act, actor=actor, ends_on=timezone.localdate() + dt.timedelta(days=5))


def test_city_moderator_may_open_discussion(make_act, city_moderator):
    act = make_act()
    services.open_discussion(act, actor=city_moderator, ends_on=timezone.localdate() + dt.timedelta(days=5))
    assert NormativeAct.objects.get(pk=act.pk).status == S.DISCUSSION


def test_full_path_to_adoption_keeps_both_versions(make_act, administrator):
    act = make_act()
    services.open_discussion(act, actor=administrator, ends_on=timezone.localdate() + dt.timedelta(days=5))
    services.close_discussion(act, actor=administrator)
    act.points.filter(number="2.1").update(adopted_text="Границы устанавливаются в течение 20 рабочих дней.")
    act.points.filter(number="1.1").update(adopted_text="ТОС создаётся жителями.")
    services.adopt(act, actor=administrator, number="15-п", adopted_on=timezone.localdate())
    act.refresh_from_db()
    assert act.status == S.ADOPTED and act.number == "15-п"
    adopted = ActVersion.objects.get(act=act, kind=ActVersion.Kind.ADOPTED)
    # 2.2 was left out of the adopted text.
    assert [p["number"] for p in adopted.points] == ["1.1", "2.1"]
    assert [c.to_status for c in act.status_changes.all()] == [S.DISCUSSION, S.CLOSED, S.ADOPTED]


def test_adopt_only_after_the_discussion_is_closed(open_act, administrator):
    open_act.points.update(adopted_text="Текст")
    with pytest.raises(WrongStatus):
        services.adopt(open_act, actor=administrator, number="1", adopted_on=timezone.localdate())


def test_adopt_needs_a_number_and_an_adopted_text(make_act, administrator):
    act = make_act(S.CLOSED)
    with pytest.raises(DomainError):
        services.adopt(act, actor=administrator, number="", adopted_on=timezone.localdate())
    with pytest.raises(DomainError):
        services.adopt(act, actor=administrator, number="7", adopted_on=timezone.localdate())


def test_reject_needs_a_reason(make_act, administrator):
    act = make_act(S.CLOSED)
    with pytest.raises(DomainError):
        services.reject(act, actor=administrator, reason=" ")
    services.reject(act, actor=administrator, reason="Вопрос урегулирован законом 33-ФЗ.")
    assert NormativeAct.objects.get(pk=act.pk).status == S.REJECTED


def test_finished_discussions_close_by_themselves(make_act):
    today = timezone.localdate()
    old = make_act(S.DISCUSSION, discussion_starts_on=today - dt.timedelta(days=40),
                   discussion_ends_on=today - dt.timedelta(days=1))
    running = make_act(S.DISCUSSION)
    assert services.close_finished_discussions() == 1
    assert NormativeAct.objects.get(pk=old.pk).status == S.CLOSED
    assert NormativeAct.objects.get(pk=running.pk).status == S.DISCUSSION
    assert old.status_changes.get().actor is None


# Votes --------------------------------------------------------------------------------------


def test_one_vote_per_resident_per_point_and_it_can_change(point, resident):
    services.vote(point, user=resident, value="support")
    services.vote(point, user=resident, value="object")
    assert PointVote.objects.filter(point=point).count() == 1
    assert PointVote.objects.get(point=point).value == "object"
    services.vote_withdraw(point, user=resident)
    assert not PointVote.objects.exists()


def test_vote_refused_outside_the_window_and_for_anonymous(make_act, resident, point):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        services.vote(point, user=AnonymousUser(), value="support")
    today = timezone.localdate()
    later = make_act(S.DISCUSSION, discussion_starts_on=today + dt.timedelta(days=2),
                     discussion_ends_on=today + dt.timedelta(days=9))
    with pytest.raises(Closed):
        services.vote(later.points.first(), user=resident, value="support")
    closed = make_act(S.CLOSED)
    with pytest.raises(Closed):
        services.vote(closed.points.first(), user=resident, value="support")
    with pytest.raises(DomainError):
        services.vote(point, user=resident, value="maybe")


# Comments -----------------------------------------------------------------------------------


def test_comment_and_reply_stay_one_level_deep(point, resident):
    other = UserFactory()
    top = services.comment_add(point, author=resident, body="Срок 30 дней слишком долгий.")
    reply = services.comment_add(point, author=other, body="Согласен.", parent=top)
    again = services.comment_add(point, author=resident, body="И ещё.", parent=reply)
    assert reply.parent == top and again.parent == top


def test_comments_refused_once_the_discussion_is_closed(make_act, resident):
    closed = make_act(S.CLOSED)
    with pytest.raises(Closed):
        services.comment_add(closed.points.first(), author=resident, body="Поздно?")


def test_empty_comment_is_refused(point, resident):
    with pytest.raises(DomainError):
        services.comment_add(point, author=resident, body="   ")


def _week_old():
    return UserFactory(date_joined=timezone.now() - dt.timedelta(days=30))


def test_three_reports_hide_a_comment_until_a_moderator_decides(point, resident, administrator):
    comment = services.comment_add(point, author=resident, body="Текст")
    for _ in range(3):
        services.comment_report(comment, reporter=_week_old())
    comment.refresh_from_db()
    assert comment.is_hidden and comment.awaiting_moderation
    services.comment_restore(comment, moderator=administrator)
    services.comment_report(comment, reporter=_week_old())
    comment.refresh_from_db()
    assert not comment.is_hidden  # a moderator's restore is final


def test_three_fresh_accounts_do_not_hide_a_comment_but_reach_the_moderators(point, resident):
    comment = services.comment_add(point, author=resident, body="Текст")
    for _ in range(3):
        services.comment_report(comment, reporter=UserFactory())
    comment.refresh_from_db()
    assert not comment.is_hidden and comment.report_count == 3


def test_report_twice_and_own_comment_are_refused(point, resident):
    comment = services.comment_add(point, author=resident, body="Текст")
    reporter = UserFactory()
    services.comment_report(comment, reporter=reporter)
    with pytest.raises(Conflict):
        services.comment_report(comment, reporter=reporter)
    with pytest.raises(DomainError):
        services.comment_report(comment, reporter=resident)


def test_district_moderator_hides_comments_only_on_acts_of_their_district(open_act, point, resident, moderator,
                                                                          district):
    comment = services.comment_add(point, author=resident, body="Текст")
    with pytest.raises(NotAllowed):
        services.comment_hide(comment, moderator=moderator, reason="Оскорбление")
    open_act.districts.add(district)
    services.comment_hide(comment, moderator=moderator, reason="Оскорбление")
    assert PointComment.objects.get(pk=comment.pk).is_hidden


def test_edit_within_fifteen_minutes_only(point, resident):
    comment = services.comment_add(point, author=resident, body="Было")
    services.comment_edit(comment, actor=resident, body="Стало")
    PointComment.objects.filter(pk=comment.pk).update(created_at=timezone.now() - dt.timedelta(minutes=16))
    comment.refresh_from_db()
    with pytest.raises(DomainError):
        services.comment_edit(comment, actor=resident, body="Ещё раз")
    with pytest.raises(NotAllowed):
        services.comment_edit(comment, actor=UserFactory(), body="Чужой")


# Summary ------------------------------------------------------------------------------------


def test_summary_is_written_by_city_staff_after_the_discussion(open_act, point, administrator, moderator, resident):
    with pytest.raises(WrongStatus):
        services.summary_set(point, actor=administrator, decision="accepted", reasoning="Учтено.")
    services.close_discussion(open_act, actor=administrator)
    point.act.refresh_from_db()
    for who in (moderator, resident):
        with pytest.raises(NotAllowed):
            services.summary_set(point, actor=who, decision="accepted", reasoning="Учтено.")
    services.summary_set(point, actor=administrator, decision="partly", reasoning="Срок сокращён до 20 дней.")
    assert DiscussionSummary.objects.get(point=point).decision == "partly"


def test_summary_publication_needs_an_answer_for_every_discussed_point(open_act, point, administrator, resident):
    services.comment_add(point, author=resident, body="Слишком долго.")
    other = open_act.points.get(number="1.1")
    services.vote(other, user=resident, value="object")
    services.close_discussion(open_act, actor=administrator)
    point.act.refresh_from_db()
    other.act.refresh_from_db()
    services.summary_set(point, actor=administrator, decision="accepted", reasoning="Срок сокращён.")
    with pytest.raises(DomainError, match=r"1\.1"):
        services.publish_summary(open_act, actor=administrator)
    services.summary_set(other, actor=administrator, decision="declined", reasoning="Норма закона.")
    with pytest.raises(NotAllowed):
        services.publish_summary(open_act, actor=resident)
    services.publish_summary(open_act, actor=administrator)
    open_act.refresh_from_db()
    assert open_act.summary_is_published
    with pytest.raises(Conflict):
        services.publish_summary(open_act, actor=administrator)


def test_summary_cannot_be_published_during_the_discussion(open_act, administrator):
    with pytest.raises(WrongStatus):
        services.publish_summary(open_act, actor=administrator)
