"""Public pages of initiatives: catalogue, filters, search, sorting, map data, detail visibility."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.db import connection
from django.urls import reverse
from django.utils import timezone

from initiatives import selectors
from initiatives.models import Comment, Initiative, InitiativePhoto
from tests.factories import DistrictFactory, MicrodistrictFactory, UserFactory

from .factories import (
    CategoryFactory,
    CommentFactory,
    NationalProjectFactory,
    OfficialResponseFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    StatusChangeFactory,
)

pytestmark = pytest.mark.django_db

S = Initiative.Status
EMAIL_RE = re.compile(r"[\w.+-]+@[\w-]+(\.[\w-]+)+")

LIST_URL = "/initiatives/"


def titles_in(response) -> list[str]:
    return [initiative.title for initiative in response.context["page_obj"].object_list]


# Catalogue -------------------------------------------------------------------------------


def test_url_names_resolve_to_the_documented_paths():
    assert reverse("initiatives:list") == "/initiatives/"
    assert reverse("initiatives:map") == "/initiatives/map/"
    assert reverse("initiatives:map_data") == "/initiatives/map.json"
    assert reverse("initiatives:detail", args=[7]) == "/initiatives/7/"


@pytest.mark.parametrize("viewer", ["anonymous", "author", "moderator", "superuser"])
def test_list_shows_only_public_statuses_even_to_the_group_and_staff(
    viewer, make_initiative, login, author, moderator, superuser
):
    for status in S:
        make_initiative(title=f"Инициатива в статусе {status.value}", status=status)
    make_initiative(title="Отозвана после публикации", status=S.WITHDRAWN, published_at=timezone.now())
    user = {"anonymous": None, "author": author, "moderator": moderator, "superuser": superuser}[viewer]

    response = login(user).get(LIST_URL)

    assert response.status_code == 200
    expected = {f"Инициатива в статусе {status}" for status in Initiative.PUBLIC_STATUSES}
    assert set(titles_in(response)) == expected
    html = response.content.decode()
    for hidden in ("draft", "moderation", "revision", "withdrawn"):
        assert f"Инициатива в статусе {hidden}" not in html
    assert "Отозвана после публикации" not in html


def test_card_shows_thumbnail_category_place_status_progress_and_days_left(published_initiative, login):
    PhotoFactory(initiative=published_initiative, kind=InitiativePhoto.Kind.BEFORE, position=0)
    gallery = PhotoFactory(initiative=published_initiative, position=1)
    PhotoFactory(initiative=published_initiative, position=2)
    Initiative.objects.filter(pk=published_initiative.pk).update(support_count=25)

    html = login().get(LIST_URL).content.decode()

    assert gallery.thumbnail.url in html
    assert published_initiative.category.name in html
    assert "3 квартал" in html
    assert 'class="status-badge status-published">Сбор поддержки<' in html
    assert 'role="progressbar"' in html and 'aria-valuenow="25"' in html and 'aria-valuemax="100"' in html
    # A native <progress> (the CSP forbids an inline width).
    assert '<progress class="progress" max="100" value="25"' in html
    assert "Осталось дней: 30" in html


def test_filters_by_category_district_microdistrict_status_and_national_project(make_initiative, login, district):
    other_category = CategoryFactory(slug="test-other-category", name="Другая категория")
    project = NationalProjectFactory(slug="test-project", name="Тестовый проект")
    other_place = MicrodistrictFactory(district=DistrictFactory(slug="komsomolsky", name="Комсомольский"))
    base = make_initiative(title="Базовая")
    make_initiative(title="Другая категория", category=other_category)
    make_initiative(title="Другой район", microdistrict=other_place)
    make_initiative(title="Реализована", status=S.IMPLEMENTED)
    make_initiative(title="С нацпроектом", national_project=project)
    client = login()

    def titles(**params) -> set[str]:
        response = client.get(LIST_URL, params)
        assert response.status_code == 200
        assert not response.context["filter"].errors
        return set(titles_in(response))

    assert titles(category="test-other-category") == {"Другая категория"}
    assert titles(district="komsomolsky") == {"Другой район"}
    assert titles(microdistrict=other_place.slug) == {"Другой район"}
    assert titles(district=district.slug, microdistrict=base.microdistrict.slug) == {
        "Базовая", "Другая категория", "Реализована", "С нацпроектом"
    }
    assert titles(status="implemented") == {"Реализована"}
    assert titles(national_project="test-project") == {"С нацпроектом"}


@pytest.mark.parametrize(
    "params",
    [
        {"category": "no-such-category"},
        {"district": "'; DROP TABLE x; --"},
        {"microdistrict": "nowhere"},
        {"status": "draft"},
        {"status": "moderation"},
        {"national_project": "x" * 500},
        {"sort": "title; DELETE"},
        {"q": "x" * 1000},
        {"q": "двор\x00"},
        {"page": "-1"},
        {"page": "abc"},
        {"page": "99999"},
        {"unknown": "1", "order_by": "author__email"},
    ],
)
def test_bad_filter_values_are_ignored_or_reported_never_a_500(params, make_initiative, login):
    make_initiative(title="Опубликованная")
    make_initiative(title="Черновик", status=S.DRAFT)
    client = login()

    response = client.get(LIST_URL, params)
    assert response.status_code == 200
    assert "Черновик" not in response.content.decode()
    assert titles_in(response) == ["Опубликованная"]
    map_response = client.get(reverse("initiatives:map_data"), params)
    assert map_response.status_code == 200
    assert [f["properties"]["title"] for f in map_response.json()["features"]] == ["Опубликованная"]
    assert client.get(reverse("initiatives:map"), params).status_code == 200


def test_invalid_filter_is_shown_as_a_form_error(published_initiative, login):
    response = login().get(LIST_URL, {"category": "no-such-category"})
    assert "Некоторые фильтры заданы неверно" in response.content.decode()
    assert "category" in response.context["filter"].errors


def test_search_finds_words_in_title_and_summary(make_initiative, login):
    make_initiative(title="Освещение сквера у школы", summary="Фонари вдоль дорожек.")
    make_initiative(title="Скамейки у подъезда", summary="Нужно отремонтировать лавочки для отдыха.")
    make_initiative(title="Велопарковка", summary="Стойки для велосипедов.")
    client = login()

    assert titles_in(client.get(LIST_URL, {"q": "сквера"})) == ["Освещение сквера у школы"]
    # Capitalised query and a word in the summary (SQLite folds only ASCII case).
    assert titles_in(client.get(LIST_URL, {"q": "Лавочки"})) == ["Скамейки у подъезда"]
    assert titles_in(client.get(LIST_URL, {"q": "несуществующееслово"})) == []


@pytest.mark.postgres
def test_postgres_search_uses_russian_stemming_and_ranks_title_first(make_initiative, login):
    make_initiative(title="Ремонт двора на бульваре Гая", summary="Асфальт и бордюры.")
    make_initiative(title="Освещение сквера", summary="Фонари на дорожках.", description="Тёмный проход у двора.")
    make_initiative(title="Велопарковка у школы", summary="Стойки для велосипедов.")
    client = login()

    # «дворы» and «двор» share the stem: both initiatives mentioning a yard are found,
    # the one with the word in its title (weight A) before the one with it in the description.
    assert titles_in(client.get(LIST_URL, {"q": "дворы"})) == ["Ремонт двора на бульваре Гая", "Освещение сквера"]
    # websearch syntax: minus excludes.
    assert titles_in(client.get(LIST_URL, {"q": "дворы -асфальт"})) == ["Освещение сквера"]
    # Unbalanced quotes and operators never raise.
    assert client.get(LIST_URL, {"q": '"двор & | !('}).status_code == 200


def test_sort_newest_most_supported_and_closest_to_threshold(make_initiative, login):
    now = timezone.now()
    make_initiative(title="Старая", published_at=now - dt.timedelta(days=20), support_count=80, support_threshold=100)
    make_initiative(title="Новая", published_at=now - dt.timedelta(days=1), support_count=5, support_threshold=100)
    make_initiative(title="Средняя", published_at=now - dt.timedelta(days=5), support_count=40, support_threshold=50)
    make_initiative(
        title="Принята", status=S.ACCEPTED, published_at=now - dt.timedelta(days=30), support_count=300,
        support_threshold=300,
    )
    client = login()

    assert titles_in(client.get(LIST_URL)) == ["Новая", "Средняя", "Старая", "Принята"]
    assert titles_in(client.get(LIST_URL, {"sort": "newest"})) == ["Новая", "Средняя", "Старая", "Принята"]
    assert titles_in(client.get(LIST_URL, {"sort": "supported"})) == ["Принята", "Старая", "Средняя", "Новая"]
    # Missing supports: Средняя 10, Старая 20, Новая 95; the accepted one is not collecting.
    assert titles_in(client.get(LIST_URL, {"sort": "closest"})) == ["Средняя", "Старая", "Новая", "Принята"]


def test_pagination_keeps_filters_in_page_links(make_initiative, login):
    for number in range(selectors.PAGE_SIZE + 5):
        make_initiative(title=f"Инициатива {number}", with_coauthor=False)
    client = login()

    first = client.get(LIST_URL, {"status": "published", "sort": "supported"})
    html = first.content.decode()
    assert len(titles_in(first)) == selectors.PAGE_SIZE
    assert 'href="?status=published&amp;sort=supported&amp;page=2"' in html

    second = client.get(LIST_URL, {"status": "published", "sort": "supported", "page": 2})
    assert len(titles_in(second)) == 5
    assert not set(titles_in(first)) & set(titles_in(second))


# Map -------------------------------------------------------------------------------------


def test_map_json_is_a_geojson_feature_collection_of_public_initiatives_with_coordinates(make_initiative, login):
    shown = make_initiative(title="Сквер", latitude="53.507800", longitude="49.420400", support_count=12)
    make_initiative(title="Без координат", latitude=None, longitude=None)
    make_initiative(title="Черновик на карте", status=S.DRAFT)
    make_initiative(title="На модерации на карте", status=S.MODERATION)

    response = login().get(reverse("initiatives:map_data"))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/json"
    data = response.json()
    assert data["type"] == "FeatureCollection"
    assert data["truncated"] is False
    assert len(data["features"]) == 1
    feature = data["features"][0]
    assert feature["type"] == "Feature"
    assert feature["geometry"] == {"type": "Point", "coordinates": [49.4204, 53.5078]}
    assert feature["properties"] == {
        "id": shown.pk,
        "title": "Сквер",
        "status": "published",
        "status_label": "сбор поддержки",
        "support_count": 12,
        "support_threshold": 100,
        "url": f"/initiatives/{shown.pk}/",
    }


def test_map_json_applies_the_list_filters_and_is_capped(make_initiative, login, monkeypatch):
    for number in range(4):
        make_initiative(title=f"Реализована {number}", status=S.IMPLEMENTED, with_coauthor=False)
    make_initiative(title="Собирает поддержку")
    client = login()

    implemented = client.get(reverse("initiatives:map_data"), {"status": "implemented"}).json()
    assert {f["properties"]["status"] for f in implemented["features"]} == {"implemented"}
    assert len(implemented["features"]) == 4

    monkeypatch.setattr(selectors.catalogue, "MAP_FEATURE_LIMIT", 3)
    capped = client.get(reverse("initiatives:map_data")).json()
    assert len(capped["features"]) == 3
    assert capped["truncated"] is True


def test_map_page_has_leaflet_container_and_a_plain_list_without_javascript(published_initiative, login):
    response = login().get(reverse("initiatives:map"), {"status": "published"})

    html = response.content.decode()
    assert response.status_code == 200
    assert "vendor/leaflet/leaflet.js" in html and "vendor/leaflet/leaflet.css" in html
    # No CDN: scripts and stylesheets come from our static files (only map tiles are external).
    assert not re.search(r'<script[^>]+src="(https?:)?//', html)
    assert not re.search(r'<link[^>]+href="(https?:)?//[^"]+\.css', html)
    # The map container is hidden until the script draws it, and carries the same filters.
    assert re.search(r'<div id="initiatives-map"[^>]*\shidden\b', html)
    assert 'data-endpoint="/initiatives/map.json?status=published"' in html
    # The fallback list links every initiative.
    assert f'href="{published_initiative.get_absolute_url()}"' in html


# Detail ----------------------------------------------------------------------------------

VIEWERS = ["anonymous", "resident", "author", "coauthor", "moderator", "other_moderator", "superuser"]
GROUP_AND_STAFF = {"author", "coauthor", "moderator", "superuser"}
VISIBILITY = {
    "draft_initiative": {"author", "coauthor"},
    "moderation_initiative": GROUP_AND_STAFF,
    "revision_initiative": GROUP_AND_STAFF,
    "withdrawn_draft_initiative": GROUP_AND_STAFF,
    "published_initiative": set(VIEWERS),
    "rejected_initiative": set(VIEWERS),
    "withdrawn_published_initiative": set(VIEWERS),
}


@pytest.mark.parametrize("initiative_fixture", list(VISIBILITY))
@pytest.mark.parametrize("viewer", VIEWERS)
def test_detail_visibility_matrix(initiative_fixture, viewer, request, login):
    initiative = request.getfixturevalue(initiative_fixture)
    user = None if viewer == "anonymous" else request.getfixturevalue(viewer)

    response = login(user).get(initiative.get_absolute_url())

    expected = 200 if viewer in VISIBILITY[initiative_fixture] else 404
    assert response.status_code == expected
    if expected == 200:
        assert initiative.title in response.content.decode()


def test_detail_of_a_missing_initiative_is_404(login, db):
    assert login().get("/initiatives/999999/").status_code == 404


def test_unpublished_detail_is_marked_noindex(moderation_initiative, login, author):
    html = login(author).get(moderation_initiative.get_absolute_url()).content.decode()
    assert '<meta name="robots" content="noindex, nofollow">' in html
    assert "Инициатива не опубликована" in html


def test_detail_shows_content_escaped_with_gallery_place_and_resources(make_initiative, login):
    project = NationalProjectFactory(slug="infra-test", name="Инфраструктура для жизни (тест)")
    initiative = make_initiative(
        description="Первая строка.\n<script>alert('x')</script>",
        national_project=project,
        needs_volunteers=True,
        needs_materials=True,
        resources_description="Краска и кисти.",
        estimated_budget="150000.00",
    )
    photo = PhotoFactory(initiative=initiative, caption="Площадка сейчас")
    before = PhotoFactory(initiative=initiative, kind=InitiativePhoto.Kind.BEFORE)

    html = login().get(initiative.get_absolute_url()).content.decode()

    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(&#x27;x&#x27;)&lt;/script&gt;" in html
    assert "Первая строка.<br>" in html
    assert f'<a href="{photo.image.url}">' in html and photo.thumbnail.url in html
    assert before.thumbnail.url not in html  # before/after photos belong to progress updates
    assert "Инфраструктура для жизни (тест)" in html
    assert "волонтёры" in html and "материалы" in html and "Краска и кисти." in html
    assert "150" in html and "₽" in html
    assert "Координаты: 53.520000, 49.410000" in html
    assert "https://www.openstreetmap.org/?mlat=53.520000&amp;mlon=49.410000" in html
    assert 'data-initiative-location' in html


def test_detail_shows_support_block_and_author_note(published_initiative, login, author, coauthor, resident):
    anonymous = login().get(published_initiative.get_absolute_url()).content.decode()
    assert "Войдите, чтобы поддержать" in anonymous
    assert 'role="progressbar"' in anonymous and "Осталось дней: 30" in anonymous

    as_resident = login(resident).get(published_initiative.get_absolute_url()).content.decode()
    assert f'action="/initiatives/{published_initiative.pk}/support/"' in as_resident
    assert "Поддержать" in as_resident

    as_author = login(author).get(published_initiative.get_absolute_url()).content.decode()
    assert "Вы автор этой инициативы." in as_author
    assert f'action="/initiatives/{published_initiative.pk}/support/"' not in as_author

    as_coauthor = login(coauthor).get(published_initiative.get_absolute_url()).content.decode()
    assert "Вы соавтор этой инициативы." in as_coauthor
    assert f'action="/initiatives/{published_initiative.pk}/support/"' not in as_coauthor


def test_detail_share_link_is_absolute_with_a_js_copy_button(published_initiative, login):
    html = login().get(published_initiative.get_absolute_url()).content.decode()
    url = f"http://testserver/initiatives/{published_initiative.pk}/"
    assert f'<a class="share-url" href="{url}" id="share-url">{url}</a>' in html
    assert 'data-copy-target="share-url" hidden' in html


def test_timeline_shows_role_neutral_actors_and_reasons(published_initiative, login, author, moderator):
    StatusChangeFactory(initiative=published_initiative, from_status=S.DRAFT, to_status=S.MODERATION, actor=author)
    StatusChangeFactory(
        initiative=published_initiative, from_status=S.MODERATION, to_status=S.REVISION, actor=moderator,
        reason="Уточните адрес площадки.",
    )
    StatusChangeFactory(
        initiative=published_initiative, from_status=S.MODERATION, to_status=S.PUBLISHED, actor=moderator
    )
    StatusChangeFactory(
        initiative=published_initiative, from_status=S.PUBLISHED, to_status=S.CONSIDERATION, actor=None,
        reason="Набран порог поддержки.",
    )

    html = login().get(published_initiative.get_absolute_url()).content.decode()
    timeline = html[html.index('id="timeline-heading"'):html.index('id="comments"')]

    assert [label.strip() for label in re.findall(r'class="timeline-actor">([^<]*)<', timeline)] == [
        "Анна К.", "модератор", "модератор", "система"
    ]
    assert "Уточните адрес площадки." in timeline and "Набран порог поддержки." in timeline
    assert "На модерации" in timeline and "На доработке" in timeline and "На рассмотрении" in timeline
    assert moderator.public_name not in timeline


def test_official_responses_progress_updates_and_best_practice(make_initiative, login):
    initiative = make_initiative(status=S.IMPLEMENTED, is_best_practice=True, best_practice_summary="Соберите соседей.")
    OfficialResponseFactory(initiative=initiative, body="Включено в план на 2025 год.")
    before = PhotoFactory(initiative=initiative, kind=InitiativePhoto.Kind.BEFORE)
    after = PhotoFactory(initiative=initiative, kind=InitiativePhoto.Kind.AFTER)
    ProgressUpdateFactory(initiative=initiative, photo_before=before, photo_after=after, body="Качели установлены.")

    html = login().get(initiative.get_absolute_url()).content.decode()

    assert "Администрация Автозаводского района" in html and "Включено в план на 2025 год." in html
    assert "Качели установлены." in html
    assert before.thumbnail.url in html and after.thumbnail.url in html
    assert "Лучшая практика: как повторить" in html and "Соберите соседей." in html


def test_group_lists_author_and_accepted_coauthors_only(published_initiative, login):
    from .factories import CoauthorInvitationFactory

    CoauthorInvitationFactory(initiative=published_initiative, accepted=False, email="pending@example.org")

    html = login().get(published_initiative.get_absolute_url()).content.decode()
    start = html.index('id="group-heading"')
    group = html[start:html.index("</section>", start)]
    assert "Анна К." in group and "Борис С." in group
    assert group.count("<li>") == 2


def test_comments_thread_with_hidden_placeholders(published_initiative, login):
    top = CommentFactory(initiative=published_initiative, body="Отличная идея!")
    CommentFactory(initiative=published_initiative, parent=top, body="Согласен.")
    CommentFactory(
        initiative=published_initiative, body="Оскорбительный текст", is_hidden=True, awaiting_moderation=True
    )
    CommentFactory(initiative=published_initiative, body="Спам со ссылкой", is_hidden=True, hidden_reason="Реклама")

    html = login().get(published_initiative.get_absolute_url()).content.decode()

    assert "Отличная идея!" in html and "Согласен." in html
    assert "Комментарий скрыт до решения модератора" in html
    assert "Комментарий скрыт модератором" in html
    assert "Оскорбительный текст" not in html and "Спам со ссылкой" not in html
    assert html.index("Отличная идея!") < html.index("Согласен.") < html.index("Комментарий скрыт до решения")


def test_a_reply_to_a_reply_is_shown_in_its_thread(published_initiative, login):
    top = CommentFactory(initiative=published_initiative, body="Корень")
    reply = CommentFactory(initiative=published_initiative, parent=top, body="Ответ")
    # Written around the service (old data): a reply to a reply.
    CommentFactory(initiative=published_initiative, parent=reply, body="Ответ на ответ")

    response = login().get(published_initiative.get_absolute_url())

    threads = response.context["threads"]
    assert len(threads) == 1
    assert [c.body for c in threads[0].replies] == ["Ответ", "Ответ на ответ"]


# Personal data ---------------------------------------------------------------------------


def test_no_email_address_appears_on_any_page_or_in_json(
    make_initiative, login, author, coauthor, moderator, resident, superuser
):
    initiative = make_initiative(status=S.IN_PROGRESS)
    commenter = UserFactory(email="commenter.private@example.org", display_name="Ирина")
    comment = CommentFactory(initiative=initiative, author=commenter)
    CommentFactory(initiative=initiative, author=resident, parent=comment)
    StatusChangeFactory(initiative=initiative, to_status=S.IN_PROGRESS, actor=moderator)
    StatusChangeFactory(initiative=initiative, to_status=S.MODERATION, actor=author)
    OfficialResponseFactory(initiative=initiative, author=moderator)
    ProgressUpdateFactory(initiative=initiative, author=moderator)
    draft = make_initiative(status=S.DRAFT)
    assert Comment.objects.count() == 2

    pages = [
        (None, LIST_URL), (None, reverse("initiatives:map")), (None, reverse("initiatives:map_data")),
        (None, initiative.get_absolute_url()), (resident, initiative.get_absolute_url()),
        (author, initiative.get_absolute_url()), (coauthor, draft.get_absolute_url()),
        (superuser, initiative.get_absolute_url()), (commenter, initiative.get_absolute_url()),
    ]
    for user, url in pages:
        response = login(user).get(url)
        assert response.status_code == 200, url
        body = response.content.decode()
        match = EMAIL_RE.search(body)
        assert match is None, f"{url} shows an e-mail address: {match.group()}"


def test_partial_indexes_cover_exactly_the_public_statuses():
    import importlib
    import re

    from initiatives.models import Initiative

    migration = importlib.import_module("initiatives.migrations.0005_public_list_indexes")
    assert sorted(re.findall(r"'(\w+)'", migration.PUBLIC)) == sorted(str(s) for s in Initiative.PUBLIC_STATUSES)


@pytest.mark.postgres
def test_public_list_orders_have_partial_indexes_on_postgresql(db):

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE tablename = 'initiatives_initiative' "
            "AND indexname IN ('initiative_public_newest', 'initiative_public_supported')"
        )
        definitions = dict(cursor.fetchall())
    assert set(definitions) == {"initiative_public_newest", "initiative_public_supported"}
    for definition in definitions.values():
        # The same order as selectors.order(), over the same statuses as the public list.
        assert "published_at DESC NULLS LAST, id DESC" in definition
        assert "'published'" in definition and "'draft'" not in definition
