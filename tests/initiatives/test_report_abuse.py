"""Reports cannot be used to silence people: fresh or unconfirmed accounts do not hide comments."""

from __future__ import annotations

import datetime as dt

import pytest
from allauth.account.models import EmailAddress
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import Comment
from tests.factories import UserFactory

from .factories import CommentFactory, InitiativeFactory

pytestmark = pytest.mark.django_db


def _old(**kwargs):
    return UserFactory(date_joined=timezone.now() - dt.timedelta(days=30), **kwargs)


def _report_by(comment: Comment, users) -> Comment:
    for user in users:
        services.comment_report(comment, reporter=user, reason="Оскорбление")
    comment.refresh_from_db()
    return comment


def test_three_week_old_confirmed_residents_hide_a_comment():
    comment = _report_by(CommentFactory(initiative=InitiativeFactory()), [_old() for _ in range(3)])
    assert comment.is_hidden and comment.awaiting_moderation


def test_three_fresh_accounts_do_not_hide_but_reach_the_moderators():
    comment = _report_by(CommentFactory(initiative=InitiativeFactory()), [UserFactory() for _ in range(3)])
    assert not comment.is_hidden
    assert comment.report_count == 3
    assert comment in Comment.objects.filter(report_count__gt=0)  # the admin's «есть жалобы» queue


def test_accounts_without_a_confirmed_email_do_not_hide():
    users = [_old() for _ in range(3)]
    EmailAddress.objects.filter(user__in=users).update(verified=False)
    comment = _report_by(CommentFactory(initiative=InitiativeFactory()), users)
    assert not comment.is_hidden and comment.report_count == 3


def test_fresh_reports_do_not_tip_two_trusted_ones_over():
    comment = _report_by(CommentFactory(initiative=InitiativeFactory()), [_old(), _old(), UserFactory()])
    assert not comment.is_hidden
    comment = _report_by(comment, [_old()])
    assert comment.is_hidden


def test_moderators_see_reports_from_accounts_created_together(client, superuser):
    initiative = InitiativeFactory()
    suspicious = CommentFactory(initiative=initiative, body="Комментарий под атакой")
    ordinary = CommentFactory(initiative=initiative, body="Обычная жалоба")
    burst = timezone.now() - dt.timedelta(days=3)
    _report_by(suspicious, [UserFactory(date_joined=burst + dt.timedelta(minutes=m)) for m in (0, 5)])
    _report_by(ordinary, [_old(), UserFactory(date_joined=timezone.now() - dt.timedelta(days=90))])

    client.force_login(superuser)
    url = reverse("admin:initiatives_comment_changelist")
    flagged = client.get(url, {"created_together": "yes"})
    assert flagged.status_code == 200
    assert [c.pk for c in flagged.context["cl"].result_list] == [suspicious.pk]
    page = client.get(reverse("admin:initiatives_comment_change", args=[suspicious.pk])).content.decode()
    assert "аккаунт создан вместе с другим жалобщиком" in page.lower()
