"""Who hears of an act: a new discussion, a reply to one's comment, the published summary."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from acts import services
from acts.notices import Kind
from notifications.models import Notification, Preference
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _recipients(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def test_new_discussion_reaches_district_residents_and_subscribers_only(
    make_act, administrator, district, resident_in, django_capture_on_commit_callbacks
):
    subscriber = UserFactory()
    Preference.objects.create(user=subscriber, kind=Kind.DISCUSSION_OPENED, channel="email", enabled=True)
    bystander = UserFactory()
    act = make_act()
    act.districts.add(district)
    with django_capture_on_commit_callbacks(execute=True):
        services.open_discussion(act, actor=administrator, ends_on=timezone.localdate() + dt.timedelta(days=9))
    assert _recipients(Kind.DISCUSSION_OPENED) == {resident_in.pk, subscriber.pk}
    assert bystander.pk not in _recipients(Kind.DISCUSSION_OPENED)
    by_user = {n.recipient_id: n for n in Notification.objects.filter(kind=Kind.DISCUSSION_OPENED)}
    # In the bell for the district's residents; a letter for those who asked for one.
    assert by_user[resident_in.pk].in_app and by_user[resident_in.pk].email_status == "skipped"
    assert by_user[subscriber.pk].email_status in ("pending", "sent")


def test_reply_notifies_the_comment_author_not_the_replier(point, resident, django_capture_on_commit_callbacks):
    replier = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        top = services.comment_add(point, author=resident, body="Срок велик.")
        services.comment_add(point, author=replier, body="Согласен.", parent=top)
        services.comment_add(point, author=resident, body="Спасибо.", parent=top)
    assert _recipients(Kind.COMMENT_REPLY) == {resident.pk}


def test_reply_to_a_reply_notifies_the_person_replied_to_not_the_thread_starter(
        point, resident, django_capture_on_commit_callbacks):
    replier, second = UserFactory(), UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        top = services.comment_add(point, author=resident, body="Срок велик.")
        reply = services.comment_add(point, author=replier, body="Согласен.", parent=top)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        answer = services.comment_add(point, author=second, body="Не согласен с вами.", parent=reply)
    assert answer.parent_id == top.pk  # the thread stays one level deep
    assert _recipients(Kind.COMMENT_REPLY) == {replier.pk}


def test_answering_ones_own_reply_notifies_nobody(point, resident, django_capture_on_commit_callbacks):
    replier = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        top = services.comment_add(point, author=resident, body="Срок велик.")
        reply = services.comment_add(point, author=replier, body="Согласен.", parent=top)
    Notification.objects.all().delete()
    with django_capture_on_commit_callbacks(execute=True):
        services.comment_add(point, author=replier, body="И ещё одно.", parent=reply)
    assert _recipients(Kind.COMMENT_REPLY) == set()


def test_summary_reaches_everyone_who_took_part(open_act, point, administrator, resident,
                                                django_capture_on_commit_callbacks, mailoutbox):
    voter = UserFactory()
    services.comment_add(point, author=resident, body="Срок велик.")
    services.vote(point, user=voter, value="object")
    services.close_discussion(open_act, actor=administrator)
    point.act.refresh_from_db()
    services.summary_set(point, actor=administrator, decision="accepted", reasoning="Сокращён.")
    with django_capture_on_commit_callbacks(execute=True):
        services.publish_summary(open_act, actor=administrator)
    assert _recipients(Kind.SUMMARY_PUBLISHED) == {resident.pk, voter.pk}
    subjects = [m.subject for m in mailoutbox]
    assert any("Итоги обсуждения" in s for s in subjects)
