"""Residents' actions on the public initiative page: support, follow, comments, reports."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib.messages import get_messages
from django.core.cache import caches
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Comment, CommentReport, Follow, Initiative, Support
from tests.factories import UserFactory

from .factories import CommentFactory, CommentReportFactory, SupportFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status


@pytest.fixture(autouse=True)
def _process_local_rate_limits(settings) -> None:
    """Rate-limit counters that only this test process touches.

    With REDIS_URL set, the default cache is a Redis database shared with any other test
    run on the machine: those runs flush it before each test and, with the same user ids,
    count into the same keys. A local cache keeps every action test deterministic.
    """
    settings.CACHES = {
        **settings.CACHES,
        "ratelimit-test": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache", "LOCATION": "ratelimit-test"},
    }
    settings.RATELIMIT_USE_CACHE = "ratelimit-test"
    caches["ratelimit-test"].clear()


def url(name: str, initiative: Initiative, *args: int) -> str:
    return reverse(f"initiatives:{name}", args=[initiative.pk, *args])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def refreshed(initiative: Initiative) -> Initiative:
    initiative.refresh_from_db()
    return initiative


# Support ---------------------------------------------------------------------------------


def test_support_by_a_resident_counts_once_and_follows(published_initiative, login, resident):
    client = login(resident)

    response = client.post(url("support", published_initiative))

    assert response.status_code == 302
    assert response["Location"] == f"/initiatives/{published_initiative.pk}/#support"
    assert refreshed(published_initiative).support_count == 1
    assert Support.objects.filter(initiative=published_initiative, user=resident).count() == 1
    assert Follow.objects.filter(initiative=published_initiative, user=resident).exists()
    assert any("поддержка учтена" in m for m in messages_of(response))

    page = client.get(published_initiative.get_absolute_url()).content.decode()
    assert "Вы поддержали эту инициативу." in page and "Отозвать поддержку" in page


def test_second_support_is_refused_with_a_message(published_initiative, login, resident):
    client = login(resident)
    client.post(url("support", published_initiative))

    response = client.post(url("support", published_initiative), follow=True)

    assert response.status_code == 200
    assert "Вы уже поддержали эту инициативу." in response.content.decode()
    assert refreshed(published_initiative).support_count == 1
    assert Support.objects.filter(initiative=published_initiative).count() == 1


@pytest.mark.parametrize("member", ["author", "coauthor"])
def test_the_group_cannot_support_its_own_initiative(member, request, published_initiative, login):
    user = request.getfixturevalue(member)

    response = login(user).post(url("support", published_initiative), follow=True)

    assert "Авторы не поддерживают собственную инициативу." in response.content.decode()
    assert refreshed(published_initiative).support_count == 0
    assert not Support.objects.exists()


@pytest.mark.parametrize("status", [S.CONSIDERATION, S.ACCEPTED, S.IMPLEMENTED, S.REJECTED, S.EXPIRED])
def test_support_only_while_collecting(status, make_initiative, login, resident):
    initiative = make_initiative(status=status)

    response = login(resident).post(url("support", initiative), follow=True)

    assert response.status_code == 200
    assert "Поддержку можно выразить только во время сбора." in response.content.decode()
    assert not Support.objects.exists()


def test_support_of_an_unpublished_initiative_is_404(moderation_initiative, login, resident):
    assert login(resident).post(url("support", moderation_initiative)).status_code == 404
    assert not Support.objects.exists()


def test_support_after_the_deadline_is_refused(make_initiative, login, resident):
    initiative = make_initiative(collection_deadline=timezone.localdate() - dt.timedelta(days=1))

    response = login(resident).post(url("support", initiative), follow=True)

    assert "Срок сбора поддержки истёк." in response.content.decode()
    assert not Support.objects.exists()


def test_withdraw_support(published_initiative, login, resident):
    client = login(resident)
    client.post(url("support", published_initiative))

    response = client.post(url("unsupport", published_initiative), follow=True)

    assert "Ваша поддержка отозвана." in response.content.decode()
    assert refreshed(published_initiative).support_count == 0
    assert not Support.objects.exists()
    again = client.post(url("unsupport", published_initiative), follow=True)
    assert "Вы не поддерживали эту инициативу." in again.content.decode()


def test_reaching_the_threshold_sends_the_initiative_to_consideration(make_initiative, login, resident):
    initiative = make_initiative(support_threshold=2)
    SupportFactory(initiative=initiative)

    login(resident).post(url("support", initiative))

    initiative = refreshed(initiative)
    assert initiative.support_count == 2
    assert initiative.status == S.CONSIDERATION


@pytest.mark.parametrize(
    "name", ["support", "unsupport", "follow", "unfollow", "comment_add"]
)
def test_anonymous_post_is_redirected_to_login_and_back_to_the_initiative(name, published_initiative, login):
    response = login().post(url(name, published_initiative), {"body": "Текст"})

    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert f"next=/initiatives/{published_initiative.pk}/" in response["Location"]
    assert not Support.objects.exists() and not Comment.objects.exists() and not Follow.objects.exists()


@pytest.mark.parametrize("name", ["support", "unsupport", "follow", "unfollow", "comment_add"])
@pytest.mark.parametrize("as_user", [True, False])
def test_get_on_an_action_is_405(name, as_user, published_initiative, login, resident):
    response = login(resident if as_user else None).get(url(name, published_initiative))
    assert response.status_code == 405


def test_report_get_is_405(published_initiative, login, resident):
    comment = CommentFactory(initiative=published_initiative)
    assert login(resident).get(url("comment_report", published_initiative, comment.pk)).status_code == 405


def test_actions_require_csrf(published_initiative, resident):
    from django.test import Client

    client = Client(enforce_csrf_checks=True)
    client.force_login(resident)

    assert client.post(url("support", published_initiative)).status_code == 403
    assert not Support.objects.exists()


# Follow ----------------------------------------------------------------------------------


def test_follow_and_unfollow(published_initiative, login, resident):
    client = login(resident)

    client.post(url("follow", published_initiative))
    assert Follow.objects.filter(initiative=published_initiative, user=resident).exists()
    assert "Отписаться от новостей" in client.get(published_initiative.get_absolute_url()).content.decode()

    client.post(url("unfollow", published_initiative))
    assert not Follow.objects.filter(initiative=published_initiative, user=resident).exists()


# Comments --------------------------------------------------------------------------------


def test_comment_add_and_reply_one_level_deep(published_initiative, login, resident):
    client = login(resident)

    response = client.post(url("comment_add", published_initiative), {"body": "Поддерживаю идею!"})
    top = Comment.objects.get()
    assert response.status_code == 302
    assert response["Location"].endswith(f"#comment-{top.pk}")
    assert top.author == resident and top.parent is None

    client.post(url("comment_add", published_initiative), {"body": "Ответ", "parent": top.pk})
    reply = Comment.objects.get(body="Ответ")
    assert reply.parent_id == top.pk

    # A reply to a reply joins the thread of the top-level comment.
    client.post(url("comment_add", published_initiative), {"body": "Ответ на ответ", "parent": reply.pk})
    assert Comment.objects.get(body="Ответ на ответ").parent_id == top.pk

    html = client.get(published_initiative.get_absolute_url()).content.decode()
    assert "Поддерживаю идею!" in html and "Ответ на ответ" in html


def test_reply_to_a_comment_of_another_initiative_is_refused(published_initiative, make_initiative, login, resident):
    elsewhere = CommentFactory(initiative=make_initiative(with_coauthor=False))

    response = login(resident).post(
        url("comment_add", published_initiative), {"body": "Ответ", "parent": elsewhere.pk}, follow=True
    )

    assert "не найден" in response.content.decode()
    assert Comment.objects.count() == 1


def test_empty_comment_rerenders_the_page_with_an_error(published_initiative, login, resident):
    response = login(resident).post(url("comment_add", published_initiative), {"body": "   "})

    assert response.status_code == 400
    assert "comment-body_error" in response.content.decode()
    assert not Comment.objects.exists()


def test_comments_are_closed_before_publication(moderation_initiative, login, author):
    response = login(author).post(url("comment_add", moderation_initiative), {"body": "Рано"}, follow=True)

    assert "Обсуждение открывается после публикации инициативы." in response.content.decode()
    assert not Comment.objects.exists()


def test_honeypot_filled_comment_is_not_published(published_initiative, login, resident):
    response = login(resident).post(
        url("comment_add", published_initiative),
        {"body": "Купите наши окна", "website": "https://spam.example"},
        follow=True,
    )

    assert response.status_code == 200
    assert not Comment.objects.exists()
    assert "Комментарий не опубликован" in response.content.decode()


def test_edit_within_15_minutes(published_initiative, login, resident):
    comment = CommentFactory(initiative=published_initiative, author=resident, body="Опечтка")
    client = login(resident)
    edit_url = url("comment_edit", published_initiative, comment.pk)

    page = client.get(published_initiative.get_absolute_url()).content.decode()
    assert f'href="{edit_url}#comment-{comment.pk}"' in page

    form = client.get(edit_url)
    assert form.status_code == 200
    assert 'id="edit-body"' in form.content.decode() and "Опечтка" in form.content.decode()

    response = client.post(edit_url, {"body": "Опечатка исправлена"})
    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Опечатка исправлена" and comment.edited_at is not None


def test_edit_after_15_minutes_is_refused(published_initiative, login, resident):
    comment = CommentFactory(
        initiative=published_initiative, author=resident, body="Старый текст",
        created_at=timezone.now() - Comment.EDIT_WINDOW - dt.timedelta(seconds=5),
    )
    client = login(resident)
    edit_url = url("comment_edit", published_initiative, comment.pk)

    assert edit_url not in client.get(published_initiative.get_absolute_url()).content.decode()
    response = client.post(edit_url, {"body": "Новый текст"}, follow=True)
    assert "15 минут" in response.content.decode()
    get_response = client.get(edit_url)
    assert get_response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Старый текст"


def test_only_the_author_may_edit(published_initiative, login, resident):
    comment = CommentFactory(initiative=published_initiative, body="Чужой текст")

    response = login(resident).post(url("comment_edit", published_initiative, comment.pk), {"body": "Взлом"})

    assert response.status_code == 302
    comment.refresh_from_db()
    assert comment.body == "Чужой текст"


def test_comment_of_another_initiative_cannot_be_reached_through_this_one(
    published_initiative, make_initiative, login, resident
):
    comment = CommentFactory(initiative=make_initiative(with_coauthor=False), author=resident)
    assert login(resident).get(url("comment_edit", published_initiative, comment.pk)).status_code == 404


def test_third_report_hides_the_comment_and_its_text_leaves_the_page(published_initiative, login):
    comment = CommentFactory(initiative=published_initiative, body="Грубость в адрес соседей")
    # Reports hide a comment only from confirmed residents of at least a week (tests/initiatives/test_report_abuse.py).
    month_ago = timezone.now() - dt.timedelta(days=30)
    CommentReportFactory(comment=comment, reporter=UserFactory(date_joined=month_ago))
    Comment.objects.filter(pk=comment.pk).update(report_count=1)
    second, third = UserFactory(date_joined=month_ago), UserFactory(date_joined=month_ago)

    login(second).post(url("comment_report", published_initiative, comment.pk), {"reason": "Оскорбления"})
    comment.refresh_from_db()
    assert not comment.is_hidden

    response = login(third).post(url("comment_report", published_initiative, comment.pk), follow=True)

    assert "жалоба отправлена" in response.content.decode()
    comment.refresh_from_db()
    assert comment.is_hidden and comment.awaiting_moderation
    assert CommentReport.objects.filter(comment=comment).count() == 3
    assert CommentReport.objects.get(comment=comment, reporter=second).reason == "Оскорбления"
    html = login().get(published_initiative.get_absolute_url()).content.decode()
    assert "Грубость в адрес соседей" not in html
    assert "Комментарий скрыт до решения модератора" in html


def test_report_twice_or_own_comment_is_refused_with_a_message(published_initiative, login, resident):
    other = CommentFactory(initiative=published_initiative)
    own = CommentFactory(initiative=published_initiative, author=resident)
    client = login(resident)

    client.post(url("comment_report", published_initiative, other.pk))
    twice = client.post(url("comment_report", published_initiative, other.pk), follow=True)
    assert "Вы уже пожаловались на этот комментарий." in twice.content.decode()

    mine = client.post(url("comment_report", published_initiative, own.pk), follow=True)
    assert "Нельзя пожаловаться на свой комментарий." in mine.content.decode()
    assert CommentReport.objects.count() == 1


# Rate limits -----------------------------------------------------------------------------


@pytest.fixture
def fixed_rate_window(monkeypatch):
    """One rate-limit window for the whole test: a minute boundary mid-test would reset the counters."""
    monkeypatch.setattr("django_ratelimit.core._get_window", lambda value, period: 4_000_000_000)


def test_comment_rate_limit_answers_429_with_a_clear_message(published_initiative, login, resident, fixed_rate_window):
    client = login(resident)
    for number in range(10):
        response = client.post(url("comment_add", published_initiative), {"body": f"Комментарий {number}"})
        assert response.status_code == 302

    limited = client.post(url("comment_add", published_initiative), {"body": "Одиннадцатый"})

    assert limited.status_code == 429
    assert "Слишком много действий подряд" in limited.content.decode()
    assert f'href="/initiatives/{published_initiative.pk}/"' in limited.content.decode()
    assert Comment.objects.count() == 10
    # The limit is per user: another resident may still comment.
    assert login(UserFactory()).post(url("comment_add", published_initiative), {"body": "Я"}).status_code == 302


def test_support_rate_limit(published_initiative, login, resident, fixed_rate_window):
    client = login(resident)
    statuses = [client.post(url("support" if n % 2 == 0 else "unsupport", published_initiative)).status_code
                for n in range(31)]

    assert statuses[:30] == [302] * 30
    assert statuses[30] == 429


def test_opening_the_edit_form_does_not_use_up_the_comment_limit(
    published_initiative, login, resident, fixed_rate_window
):
    comment = CommentFactory(initiative=published_initiative, author=resident)
    client = login(resident)
    for _ in range(12):
        assert client.get(url("comment_edit", published_initiative, comment.pk)).status_code == 200
    assert client.post(url("comment_add", published_initiative), {"body": "Ещё"}).status_code == 302
