"""Statistics and open data: figures, charts, downloads, freshness, constant queries, no personal data."""

from __future__ import annotations

import json

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from acts import services as act_services
from forum.models import Registration
from initiatives.models import Comment, Support
from stats import datasets, figures
from tests.factories import CouncilFactory, CouncilMemberFactory, MicrodistrictManagerFactory, UserFactory
from tests.forum.factories import ForumEditionFactory, ResolutionItemFactory
from tests.initiatives.factories import InitiativeFactory
from tests.partners.factories import PledgeFactory

pytestmark = pytest.mark.django_db


def _every_export_url() -> list[str]:
    urls = []
    for slug in figures.figure_slugs():
        urls += [reverse("stats:figure_export", args=[slug, fmt]) for fmt in ("csv", "json")]
    for dataset in datasets.all_datasets():
        urls += [reverse("stats:dataset_export", args=[dataset.slug, fmt]) for fmt in ("csv", "json")]
    return urls


def _body(response) -> str:
    content = b"".join(response.streaming_content) if response.streaming else response.content
    return content.decode("utf-8-sig")


@pytest.fixture
def city(db, make_act):
    """A little of everything, by people whose names, e-mails and phones must never leak."""
    people = [UserFactory(email=f"private{n}@mail.example", display_name=f"Пётр Секретов {n}",
                          phone=f"+7 927 000-00-{n:02d}") for n in range(6)]
    initiatives = [InitiativeFactory(author=people[n % 6], status=status)
                   for n, status in enumerate(["published", "consideration", "accepted", "implemented", "published"])]
    for person in people:
        Support.objects.create(initiative=initiatives[0], user=person)
    Comment.objects.create(initiative=initiatives[0], author=people[1], body="Мой телефон не пишу.")
    edition = ForumEditionFactory()
    Registration.objects.create(edition=edition, user=people[2], full_name="Пётр Секретов Регистрович",
                                participant_type="resident", status=Registration.Status.ATTENDED,
                                checkin_code="ABCDEFGH")
    ResolutionItemFactory()
    member = CouncilMemberFactory(council=CouncilFactory(), full_name="Член Совета Секретный", user=people[3])
    MicrodistrictManagerFactory(work_email="upravlyayushchiy@tgl.example", work_phone="+7 8482 54-00-00")
    PledgeFactory(initiative=initiatives[0], created_by=people[4])
    act = make_act("discussion")
    act_services.comment_add(act.points.first(), author=people[5], body="Комментарий к пункту.")
    return {"people": people, "member": member}


def test_statistics_page_draws_charts_with_tables(client, city):
    page = client.get(reverse("stats:statistics")).content.decode()
    assert "<svg" in page and "<table" in page
    for slug in figures.figure_slugs():
        assert f'id="{slug}"' in page
    assert "Данные на" in page and "обновляются каждые 15 минут" in page


def test_every_export_is_valid_and_holds_no_personal_data(client, city):
    needles = []
    for person in city["people"]:
        needles += [person.email, person.display_name, person.phone]
    needles.append(city["member"].full_name)
    needles.append("Пётр Секретов Регистрович")
    pages = [reverse("stats:statistics"), reverse("stats:open_data")]
    for url in _every_export_url() + pages:
        response = client.get(url)
        assert response.status_code == 200, url
        body = _body(response)
        if url.endswith(".json"):
            data = json.loads(body)
            assert "licence" in data and isinstance(data["rows"], list)
        for needle in needles:
            assert needle not in body, (url, needle)


def test_initiative_authors_appear_as_zhitel(client, city):
    body = _body(client.get(reverse("stats:dataset_export", args=["initiatives", "json"])))
    rows = json.loads(body)["rows"]
    assert rows and {row["author"] for row in rows} == {"житель"}


def test_manager_work_contacts_are_published_on_purpose(client, city):
    body = _body(client.get(reverse("stats:dataset_export", args=["managers", "csv"])))
    assert "upravlyayushchiy@tgl.example" in body


def test_open_data_page_lists_every_dataset_with_licence_and_columns(client, city):
    page = client.get(reverse("stats:open_data")).content.decode()
    assert "CC BY 4.0" in page
    for dataset in datasets.all_datasets():
        assert reverse("stats:dataset_export", args=[dataset.slug, "csv"]) in page
        assert f"<code>{dataset.columns[0][0]}</code>" in page


def test_figures_count_right(city):
    by_status = {row["status"]: row["count"] for row in figures.build("initiatives-by-status").rows}
    assert by_status["published"] == 2 and by_status["implemented"] == 1
    forum = figures.build("forum-participation").rows
    assert any(row["attended"] == 1 for row in forum)
    share = figures.build("implemented-share")
    assert share.extra["share"] == 20.0


def _queries(func) -> int:
    with CaptureQueriesContext(connection) as captured:
        func()
    return len(captured)


def test_figures_and_exports_cost_the_same_for_5_and_50_initiatives(client, city):
    def all_figures() -> None:
        cache.clear()
        for slug in figures.figure_slugs():
            figures.build(slug)

    def all_exports() -> None:
        for url in _every_export_url():
            _body(client.get(url))

    few_figures, few_exports = _queries(all_figures), _queries(all_exports)
    people = city["people"]
    for n in range(45):
        initiative = InitiativeFactory(author=people[n % 6], status="implemented" if n % 3 else "published")
        Support.objects.create(initiative=initiative, user=people[n % 6])
    assert _queries(all_figures) == few_figures
    assert _queries(all_exports) == few_exports


LOCMEM = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}


def test_figures_are_cached_and_the_page_says_how_fresh(client, city, settings):
    # The portal's caching, not Redis's latency on a loaded machine (a slow Redis is a miss by design).
    settings.CACHES = LOCMEM
    client.get(reverse("stats:statistics"))
    assert _queries(lambda: client.get(reverse("stats:statistics"))) <= 3  # session/user at most, no aggregates


def test_periodic_refresh_fills_the_cache_for_every_language(city, settings):
    settings.CACHES = LOCMEM
    from stats import selectors
    from stats.tasks import refresh_figures

    assert refresh_figures() == 2 * len(figures.figure_slugs())
    assert _queries(selectors.snapshot) == 0


def test_active_groups_count_published_minus_finished(db):
    from django.utils import timezone

    from initiatives.models import StatusChange

    InitiativeFactory(status="published")
    done = InitiativeFactory(status="implemented")
    StatusChange.objects.create(initiative=done, from_status="in_progress", to_status="implemented",
                                created_at=timezone.now())
    rows = figures.build("active-groups-by-month").rows
    # Both were active this month (one finished during it); nothing before they were published.
    assert rows[-1]["count"] == 2


def test_open_data_files_are_built_and_served_until_stale(client, city):
    from django.http import FileResponse

    from stats import dumps
    from stats.tasks import write_open_data_dumps

    url = reverse("stats:dataset_export", args=["initiatives", "csv"])
    live = _body(client.get(url))
    assert write_open_data_dumps() == len(datasets.all_datasets())
    served = client.get(url)
    assert isinstance(served, FileResponse)
    assert _body(served) == live
    json_served = client.get(reverse("stats:dataset_export", args=["initiatives", "json"]))
    assert json.loads(_body(json_served))["rows"]
    assert "Файлы собраны" in client.get(reverse("stats:open_data")).content.decode()
    # A stale file is not served: the table is built live again.
    import datetime as dt
    from unittest import mock

    from django.utils import timezone

    later = timezone.now() + dumps.MAX_AGE + dt.timedelta(minutes=1)
    with mock.patch("stats.dumps.timezone.now", return_value=later):
        assert not isinstance(client.get(url), FileResponse)
