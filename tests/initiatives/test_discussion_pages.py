"""The discussion under an initiative comes a page of threads at a time, with one reply form.

A city-scale initiative has hundreds of comments; the page must stay small (the issue's
goal: under 100 KiB with 220 comments), readable without JavaScript, and cost the same
number of queries on every page.
"""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from initiatives.comment_pages import THREADS_PER_PAGE
from initiatives.models import Comment, Initiative
from notifications.models import Event

from .factories import CommentFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status


def add_threads(initiative: Initiative, count: int, *, replies_each: int = 1, words: int = 8) -> list[Comment]:
    tops = []
    for number in range(count):
        top = CommentFactory(initiative=initiative, body=f"Тема {number}: " + "во дворе нужна площадка " * words)
        for reply in range(replies_each):
            CommentFactory(initiative=initiative, parent=top, body=f"Ответ {reply} на тему {number}")
        tops.append(top)
    return tops


def forms_to(html: str, name: str) -> int:
    return len(re.findall(rf'<form[^>]+action="[^"]*/{name}/(#[^"]*)?"', html))


def test_first_page_shows_the_oldest_threads_with_their_replies_and_links_to_the_rest(published_initiative, login):
    add_threads(published_initiative, THREADS_PER_PAGE * 2 + 5)

    response = login().get(published_initiative.get_absolute_url())

    threads = response.context["threads"]
    assert [t.comment.body.split(":")[0] for t in threads] == [f"Тема {n}" for n in range(THREADS_PER_PAGE)]
    assert all([r.body for r in t.replies] == [f"Ответ 0 на тему {n}"] for n, t in enumerate(threads))
    assert response.context["comment_total"] == (THREADS_PER_PAGE * 2 + 5) * 2
    html = response.content.decode()
    assert 'href="?comments=2#comments"' in html and 'href="?comments=3#comments"' in html


def test_a_later_page_and_a_page_out_of_range(published_initiative, login):
    add_threads(published_initiative, THREADS_PER_PAGE * 2 + 5)
    client = login()

    last = client.get(published_initiative.get_absolute_url(), {"comments": 3}).context["threads"]
    beyond = client.get(published_initiative.get_absolute_url(), {"comments": 99}).context["threads"]
    junk = client.get(published_initiative.get_absolute_url(), {"comments": "abc"})

    assert [t.comment.body.split(":")[0] for t in last] == [f"Тема {n}" for n in range(40, 45)]
    assert beyond == last
    assert junk.status_code == 200 and junk.context["threads_page"].number == 1


def test_a_link_to_a_comment_opens_the_page_of_its_thread(published_initiative, login):
    tops = add_threads(published_initiative, THREADS_PER_PAGE + 3)
    reply = tops[THREADS_PER_PAGE + 1].replies.get()
    client = login()

    for comment in (tops[THREADS_PER_PAGE + 1], reply):
        response = client.get(published_initiative.get_absolute_url(), {"comment": comment.pk})
        assert response.context["threads_page"].number == 2
        assert f'id="comment-{comment.pk}"' in response.content.decode()


def test_one_comment_form_for_a_resident_and_replies_and_reports_are_links(published_initiative, login, resident):
    tops = add_threads(published_initiative, 10)

    html = login(resident).get(published_initiative.get_absolute_url()).content.decode()

    assert forms_to(html, "comments") == 1  # the new-comment form, nothing per comment
    assert forms_to(html, "report") == 0
    assert html.count("&amp;reply=") == 10
    assert f'href="?comments=1&amp;reply={tops[3].pk}#reply-form"' in html
    assert f'href="?comments=1&amp;report={tops[3].pk}#comment-{tops[3].pk}"' in html


def test_the_reply_link_puts_the_one_reply_form_in_its_thread(published_initiative, login, resident):
    tops = add_threads(published_initiative, 3)

    response = login(resident).get(published_initiative.get_absolute_url(), {"reply": tops[1].pk})

    html = response.content.decode()
    assert forms_to(html, "comments") == 2  # the reply form and the new-comment form below
    assert html.count('id="reply-form"') == 1
    form = html[html.index('id="reply-form"'):]
    assert f'name="parent" value="{tops[1].pk}"' in form[:form.index("</form>")]
    # The reply form sits inside the second thread: after its comment, before the third.
    assert html.index(f'id="comment-{tops[1].pk}"') < html.index('id="reply-form"') < html.index(
        f'id="comment-{tops[2].pk}"'
    )


def test_the_report_link_shows_one_report_form(published_initiative, login, resident):
    tops = add_threads(published_initiative, 3)

    html = login(resident).get(published_initiative.get_absolute_url(), {"report": tops[2].pk}).content.decode()

    assert forms_to(html, "report") == 1
    assert f'/comments/{tops[2].pk}/report/"' in html


def test_anonymous_visitors_get_no_reply_links_or_forms(published_initiative, login):
    tops = add_threads(published_initiative, 3)

    html = login().get(published_initiative.get_absolute_url(), {"reply": tops[0].pk}).content.decode()

    assert "reply-form" not in html and "&amp;reply=" not in html
    assert forms_to(html, "comments") == 0


def test_a_reply_to_a_thread_on_page_two_returns_to_page_two(published_initiative, login, resident):
    tops = add_threads(published_initiative, THREADS_PER_PAGE + 2, replies_each=0)
    client = login(resident)
    url = reverse("initiatives:comment_add", args=[published_initiative.pk])

    response = client.post(url, {"body": "Согласна, нужна горка", "parent": tops[-1].pk})

    reply = Comment.objects.get(body="Согласна, нужна горка")
    assert response["Location"] == f"{published_initiative.get_absolute_url()}?comment={reply.pk}#comment-{reply.pk}"
    page = client.get(response["Location"])
    assert page.context["threads_page"].number == 2
    assert "Согласна, нужна горка" in page.content.decode()


def test_an_invalid_reply_comes_back_in_its_thread_with_the_text_kept(published_initiative, login, resident):
    tops = add_threads(published_initiative, 3, replies_each=0)
    url = reverse("initiatives:comment_add", args=[published_initiative.pk])

    response = login(resident).post(url, {"body": "x" * 10_000, "parent": tops[0].pk})

    assert response.status_code == 400
    html = response.content.decode()
    assert response.context["reply_to"] == tops[0].pk
    assert html.index(f'id="comment-{tops[0].pk}"') < html.index('id="reply-form"') < html.index(
        f'id="comment-{tops[1].pk}"'
    )


def test_the_new_comment_event_links_to_the_page_of_the_comment(published_initiative, login, resident):
    login(resident).post(reverse("initiatives:comment_add", args=[published_initiative.pk]), {"body": "Хорошая идея"})
    comment = Comment.objects.get(body="Хорошая идея")

    event = Event.objects.get(kind="comment_new")

    url = published_initiative.get_absolute_url()
    assert event.payload["url"] == f"{url}?comment={comment.pk}#comment-{comment.pk}"


def test_220_comments_make_a_page_under_100_kib(published_initiative, login, resident):
    # As the city demo's busiest initiative: 220 comments, a third of them replies, some long.
    add_threads(published_initiative, 147, replies_each=0, words=20)
    tops = list(Comment.objects.filter(initiative=published_initiative))
    for top in tops[:73]:
        CommentFactory(initiative=published_initiative, parent=top, body="Согласен " * 30)

    response = login(resident).get(published_initiative.get_absolute_url())

    assert response.context["comment_total"] == 220
    assert len(response.content) < 100 * 1024


# Cached comment content ------------------------------------------------------------------


@pytest.fixture
def fragment_cache(local_caches):
    return local_caches


def test_cached_comment_content_follows_edits_and_hiding(
    fragment_cache, published_initiative, login, resident, django_capture_on_commit_callbacks
):
    from django.utils import timezone

    comment = CommentFactory(initiative=published_initiative, body="Первая версия")
    client = login(resident)
    assert "Первая версия" in client.get(published_initiative.get_absolute_url()).content.decode()

    # As the services do: save(), whose signal moves the discussion's generation after the commit.
    with django_capture_on_commit_callbacks(execute=True):
        comment.body, comment.edited_at = "Вторая версия", timezone.now()
        comment.save()
    edited = client.get(published_initiative.get_absolute_url()).content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        comment.is_hidden = True
        comment.save()
    hidden = client.get(published_initiative.get_absolute_url()).content.decode()

    assert "Вторая версия" in edited and "Первая версия" not in edited
    assert "Вторая версия" not in hidden and "Комментарий скрыт модератором" in hidden


def test_the_viewers_own_actions_are_not_cached_with_the_content(fragment_cache, published_initiative, login,
                                                                   resident):
    own = CommentFactory(initiative=published_initiative, author=resident, body="Мой комментарий")
    edit_link = f"/comments/{own.pk}/edit/"

    as_author = login(resident).get(published_initiative.get_absolute_url()).content.decode()
    as_visitor = login().get(published_initiative.get_absolute_url()).content.decode()

    assert edit_link in as_author
    assert edit_link not in as_visitor and "Мой комментарий" in as_visitor


def test_every_page_of_threads_costs_the_same_queries(published_initiative, login, resident,
                                                       django_assert_num_queries):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    add_threads(published_initiative, THREADS_PER_PAGE * 3, replies_each=2)
    client = login(resident)
    url = published_initiative.get_absolute_url()
    client.get(url)
    with CaptureQueriesContext(connection) as first:
        client.get(url)

    for page in (2, 3):
        with django_assert_num_queries(len(first)):
            client.get(url, {"comments": page})
    # Opening the page of a linked comment costs two small queries more (its thread, its place).
    linked = Comment.objects.filter(initiative=published_initiative, parent__isnull=False).last()
    with django_assert_num_queries(len(first) + 2):
        assert client.get(url, {"comment": linked.pk}).context["threads_page"].number == 3
