"""The initiative page's shared parts and its page of threads come from the fragment cache.

Cached as HTML under everything they show (initiatives.detail_blocks); what is the
reader's (support panel, own comments' actions, forms) is never taken from another reader.
"""

from __future__ import annotations

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext

from accounts.services import user_anonymise
from initiatives import services
from initiatives.models import Initiative, InitiativePhoto
from tests.factories import UserFactory

from .factories import (
    CategoryFactory,
    CoauthorInvitationFactory,
    CommentFactory,
    InitiativeFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db

S = Initiative.Status


@pytest.fixture
def caches_on(local_caches):
    return local_caches


def page(client, initiative: Initiative, query: str = "") -> tuple[str, list[str]]:
    with CaptureQueriesContext(connection) as captured:
        response = client.get(initiative.get_absolute_url() + query)
    assert response.status_code == 200
    return response.content.decode(), [q["sql"].lower() for q in captured.captured_queries]


def touching(queries: list[str], table: str) -> int:
    """Queries that read ``table`` itself (not in a subquery of another table's query)."""
    return sum(sql.startswith(f'select "{table}".') or sql.startswith(f'select distinct "{table}".') for sql in queries)


@pytest.fixture
def discussed(published_initiative) -> Initiative:
    for number in range(3):
        CommentFactory(initiative=published_initiative, body=f"Мнение соседа {number}")
    return published_initiative


def test_a_second_resident_reads_the_page_without_its_rows_or_threads(caches_on, discussed, login, resident):
    PhotoFactory(initiative=discussed, kind=InitiativePhoto.Kind.GALLERY)
    first, first_queries = page(login(resident), discussed)
    second, second_queries = page(login(UserFactory()), discussed)

    assert "Мнение соседа 2" in first and "Мнение соседа 2" in second
    assert touching(first_queries, "initiatives_comment") >= 1
    assert touching(second_queries, "initiatives_comment") == 0
    assert touching(second_queries, "initiatives_initiativephoto") == 0
    assert touching(second_queries, "initiatives_statuschange") == 0


def test_a_resident_never_gets_a_page_of_threads_made_for_another(caches_on, discussed, login, resident):
    own = CommentFactory(initiative=discussed, author=resident, body="Мой комментарий")
    edit_link = f"/comments/{own.pk}/edit/"
    neighbour = login(UserFactory())

    as_neighbour, _ = page(neighbour, discussed)  # fills the cache for residents
    as_author, author_queries = page(login(resident), discussed)
    as_visitor, _ = page(login(), discussed)

    assert edit_link not in as_neighbour and "Пожаловаться" in as_neighbour
    # The author's page shows their edit link and no report link on their own comment.
    assert edit_link in as_author
    assert touching(author_queries, "initiatives_comment") >= 1
    assert "Пожаловаться" not in as_visitor and "Ответить" not in as_visitor
    assert "csrfmiddlewaretoken" not in as_visitor


def test_forms_asked_for_are_the_readers_and_never_kept(caches_on, discussed, login, resident):
    thread = discussed.comments.order_by("pk").first()
    client = login(resident)

    with_form, _ = page(client, discussed, f"?reply={thread.pk}")
    plain, _ = page(login(UserFactory()), discussed)

    assert 'id="reply-form"' in with_form
    assert 'id="reply-form"' not in plain


@pytest.mark.parametrize(
    "change", ["comment", "report hides", "status", "photo", "answer", "category", "co-author deleted"]
)
def test_every_change_the_page_shows_is_there_on_the_next_request(
    caches_on, discussed, login, resident, city_moderator, django_capture_on_commit_callbacks, change
):
    category = CategoryFactory(slug="dvor-test", name="Двор и подъезд")
    Initiative.objects.filter(pk=discussed.pk).update(category=category)
    coauthor = UserFactory(display_name="Пётр Соавторов")
    CoauthorInvitationFactory(initiative=discussed, user=coauthor, status="accepted")
    client = login(resident)
    before, _ = page(client, discussed)
    target = discussed.comments.order_by("pk").first()

    with django_capture_on_commit_callbacks(execute=True):
        if change == "comment":
            services.comment_add(discussed, author=UserFactory(), body="Новый довод соседа")
            expected, gone = "Новый довод соседа", None
        elif change == "report hides":
            for _number in range(3):
                reporter = UserFactory()
                type(reporter).objects.filter(pk=reporter.pk).update(date_joined=reporter.date_joined.replace(
                    year=reporter.date_joined.year - 1))
                reporter.refresh_from_db()
                services.comment_report(target, reporter=reporter)
            expected, gone = "Комментарий скрыт до решения модератора", target.body
        elif change == "status":
            services.initiative_withdraw(discussed, actor=discussed.author, reason="Сделали сами")
            expected, gone = "Обсуждение закрыто", None
        elif change == "photo":
            PhotoFactory(initiative=discussed, kind=InitiativePhoto.Kind.GALLERY, caption="Двор весной")
            expected, gone = "Двор весной", None
        elif change == "answer":
            services.official_response_add(
                discussed, actor=city_moderator, organisation="Администрация района", body="Включено в план работ."
            )
            expected, gone = "Включено в план работ.", None
        elif change == "category":
            category.name = "Благоустройство подъездов"
            category.save()
            expected, gone = "Благоустройство подъездов", "Двор и подъезд"
        else:
            user_anonymise(user=coauthor)
            expected, gone = "Удалённый пользователь", "Пётр Соавторов"

    after, _ = page(client, discussed)
    assert expected not in before
    assert expected in after
    if gone:
        assert gone in before and gone not in after
    if change == "comment":  # the discussion's counts are cached under the same generation
        assert "Обсуждение (3)" in before and "Обсуждение (4)" in after


def test_a_renamed_commenter_is_renamed_on_the_cached_page(
    caches_on, discussed, login, resident, django_capture_on_commit_callbacks
):
    author = UserFactory(display_name="Анна Соседова")
    CommentFactory(initiative=discussed, author=author, body="Поддерживаю")
    client = login(resident)
    before, _ = page(client, discussed)

    with django_capture_on_commit_callbacks(execute=True):
        author.display_name = "Анна С."
        author.save()
    after, _ = page(client, discussed)

    assert "Анна Соседова" in before
    assert "Анна Соседова" not in after and "Анна С." in after


def test_a_login_costs_no_query_for_the_renaming_check(db, django_assert_num_queries):
    user = UserFactory()
    from django.utils import timezone

    user.last_login = timezone.now()
    with django_assert_num_queries(1):  # the UPDATE alone
        user.save(update_fields=["last_login"])


def test_each_language_has_its_own_blocks(caches_on, discussed, login, resident):
    client = login(resident)
    russian, _ = page(client, discussed)
    client.get("/language/en/?next=/")
    english, _ = page(client, discussed)

    assert "Инициативная группа" in russian
    assert "Инициативная группа" not in english


def test_an_unpublished_initiatives_blocks_do_not_reach_a_published_ones(caches_on, login, make_initiative):
    # Different initiatives never share a key, whatever their content.
    one = make_initiative(title="Первая", status=S.PUBLISHED)
    two = InitiativeFactory(title="Вторая", status=S.PUBLISHED)
    client = login(UserFactory())
    first, _ = page(client, one)
    second, _ = page(client, two)

    assert "Первая" in first and "Первая" not in second.split("<main")[1]


def test_the_empty_comment_form_is_rendered_once_per_language_and_matches_a_fresh_render(db):
    from django.template.loader import render_to_string
    from django.utils import translation

    from initiatives.forms.public import CommentForm
    from initiatives.views.public import empty_form_fields

    for language, label in (("ru", "Комментарий"), ("en", "Comment")):
        with translation.override(language):
            fresh = render_to_string("includes/form_fields.html", {"form": CommentForm(auto_id="comment-%s")})
            assert empty_form_fields(CommentForm, "comment-%s") == fresh
            assert empty_form_fields(CommentForm, "comment-%s") is not None
            assert label in fresh


def test_a_rejected_comment_keeps_its_text_and_errors_despite_the_cached_empty_form(published_initiative, login,
                                                                                     resident):
    response = login(resident).post(
        f"/initiatives/{published_initiative.pk}/comments/", {"body": "x" * 5000}
    )
    html = response.content.decode()

    assert response.status_code in (200, 400)
    assert "x" * 5000 in html
    assert "field-invalid" in html


def test_cached_pages_of_threads_are_the_pages_asked_for(caches_on, published_initiative, login, resident):
    from initiatives.comment_pages import THREADS_PER_PAGE

    for number in range(THREADS_PER_PAGE * 2 + 3):
        CommentFactory(initiative=published_initiative, body=f"Тема номер {number:03d}")
    first_reader, second_reader = login(resident), login(UserFactory())

    for client in (first_reader, second_reader):  # the second reads what the first cached
        page_two, _ = page(client, published_initiative, "?comments=2")
        not_a_number, _ = page(client, published_initiative, "?comments=abc")
        far_past_the_end, _ = page(client, published_initiative, "?comments=99999999999")

        assert f"Тема номер {THREADS_PER_PAGE:03d}" in page_two and "Тема номер 000" not in page_two
        assert "Тема номер 000" in not_a_number
        assert f"Тема номер {THREADS_PER_PAGE * 2 + 2:03d}" in far_past_the_end
        assert "Тема номер 000" not in far_past_the_end
