"""The public pages cost a fixed number of queries, whatever the number of rows they show.

Each test measures the queries of a page with 5 rows, adds rows up to 50 and asserts the
very same number with `django_assert_num_queries` — an N+1 anywhere fails it.
"""

from __future__ import annotations

from collections.abc import Callable

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives.models import Initiative, InitiativePhoto
from tests.factories import MicrodistrictFactory, UserFactory

from .factories import (
    CategoryFactory,
    CommentFactory,
    InitiativeFactory,
    NationalProjectFactory,
    OfficialResponseFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    StatusChangeFactory,
    SupportFactory,
    add_coauthor,
)

pytestmark = pytest.mark.django_db

S = Initiative.Status
# Sanity bounds: far above what the pages need today, far below what an N+1 would cost at 50 rows.
MAX_LIST_QUERIES = 12
# The detail page's own queries are 9–11 (session, user, the initiative with its comment counts,
# five row queries (cached outside tests: selectors.attach_detail_rows), one page of threads,
# unread notifications (cached per user outside tests' first request); panels registered by apps above
# initiatives (partners' pledges and programmes, practices) add up to 6 (initiatives.extensions).
MAX_DETAIL_QUERIES = 18


def count_queries(fetch: Callable[[], object]) -> int:
    with CaptureQueriesContext(connection) as captured:
        fetch()
    return len(captured)


def add_initiatives(count: int) -> None:
    """Initiatives in varied places and statuses, each with a photo, a category and a project."""
    project = NationalProjectFactory(slug="query-count-project")
    statuses = [S.PUBLISHED, S.CONSIDERATION, S.IMPLEMENTED, S.REJECTED]
    for number in range(count):
        initiative = InitiativeFactory(
            status=statuses[number % len(statuses)],
            microdistrict=MicrodistrictFactory(),
            category=CategoryFactory(slug=f"qc-category-{number % 3}", name=f"Категория {number % 3}"),
            national_project=project,
        )
        PhotoFactory(initiative=initiative)
        PhotoFactory(initiative=initiative)


@pytest.mark.parametrize("as_resident", [False, True], ids=["anonymous", "resident"])
@pytest.mark.parametrize(
    "url, params",
    [
        ("initiatives:list", {}),
        ("initiatives:list", {"sort": "closest", "status": "published"}),
        ("initiatives:list", {"q": "двор", "sort": "supported"}),
        ("initiatives:map", {}),
        ("initiatives:map_data", {}),
        ("initiatives:map_data", {"category": "qc-category-1", "national_project": "query-count-project"}),
    ],
)
def test_list_map_and_map_json_do_not_grow_with_initiatives(
    url, params, as_resident, login, resident, django_assert_num_queries
):
    http = login(resident if as_resident else None)
    path = reverse(url)
    add_initiatives(5)
    http.get(path, params)  # warm up: session and content-type caches
    with_5 = count_queries(lambda: http.get(path, params))

    add_initiatives(45)
    with django_assert_num_queries(with_5):
        response = http.get(path, params)

    assert response.status_code == 200
    assert with_5 <= MAX_LIST_QUERIES
    if url == "initiatives:list" and not params:
        assert len(response.context["page_obj"].object_list) == 20


def add_discussion(initiative: Initiative, count: int, *, coauthors: int) -> None:
    """``count`` comments (a third of them replies, some hidden), photos, timeline entries and news."""
    moderator = UserFactory()
    for _ in range(coauthors):
        add_coauthor(initiative)
    for number in range(count):
        top = CommentFactory(initiative=initiative, is_hidden=number % 7 == 3, awaiting_moderation=number % 7 == 3)
        if number % 3 == 0:
            CommentFactory(initiative=initiative, parent=top)
        PhotoFactory(initiative=initiative)
        StatusChangeFactory(initiative=initiative, to_status=S.PUBLISHED, actor=moderator if number % 2 else None)
        OfficialResponseFactory(initiative=initiative, author=moderator)
        SupportFactory(initiative=initiative)
        ProgressUpdateFactory(
            initiative=initiative, author=moderator,
            photo_before=PhotoFactory(initiative=initiative, kind=InitiativePhoto.Kind.BEFORE),
            photo_after=PhotoFactory(initiative=initiative, kind=InitiativePhoto.Kind.AFTER),
        )


@pytest.mark.parametrize("viewer", ["anonymous", "resident", "author", "moderator"])
def test_detail_does_not_grow_with_comments_photos_and_history(
    viewer, request, make_initiative, client, django_assert_num_queries
):
    initiative = make_initiative(status=S.IN_PROGRESS)
    if viewer != "anonymous":
        client.force_login(request.getfixturevalue(viewer))
    path = initiative.get_absolute_url()
    add_discussion(initiative, 5, coauthors=1)
    client.get(path)
    with_5 = count_queries(lambda: client.get(path))

    add_discussion(initiative, 45, coauthors=3)
    with django_assert_num_queries(with_5):
        response = client.get(path)

    assert response.status_code == 200
    assert response.context["comment_total"] > 50
    assert with_5 <= MAX_DETAIL_QUERIES


def test_detail_of_an_unpublished_initiative_does_not_grow_either(
    moderation_initiative, client, moderator, django_assert_num_queries
):
    client.force_login(moderator)
    path = moderation_initiative.get_absolute_url()
    for _ in range(5):
        PhotoFactory(initiative=moderation_initiative)
    client.get(path)
    with_5 = count_queries(lambda: client.get(path))

    for _ in range(45):
        PhotoFactory(initiative=moderation_initiative)
    with django_assert_num_queries(with_5):
        assert client.get(path).status_code == 200
