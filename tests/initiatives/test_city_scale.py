"""`load_demo --scale city`: the city-scale generator (initiatives.demo.city), run small.

The whole demo plus a small city is loaded once for the class (setUpTestData); each test
is rolled back to it. The real sizes (50,000 residents, 100,000 initiatives, a million
supports) are measured by bench/initiatives_pages.py, not here.
"""

from __future__ import annotations

import io
import os
import random
import tempfile
from decimal import Decimal
from unittest import mock

import pytest
from django.contrib.postgres.search import SearchQuery
from django.core.management import CommandError, call_command
from django.db import transaction
from django.db.models import Count, Exists, F, OuterRef, Q
from django.test import TestCase, override_settings
from django.utils import timezone

from accounts.models import User
from initiatives.demo import texts
from initiatives.demo.city import EMAIL_DOMAIN, LAT_BOUNDS, LON_BOUNDS, CitySize, _allocate, load_city
from initiatives.models import Comment, Follow, Initiative, StatusChange, Support

USERS, INITIATIVES, SUPPORTS, COMMENTS = 200, 300, 2000, 400
SIZE_ARGS = (
    "--city-users", str(USERS), "--city-initiatives", str(INITIATIVES), "--city-supports", str(SUPPORTS),
    "--city-comments", str(COMMENTS),
)
S = Initiative.Status


def load(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", "--scale", "city", *SIZE_ARGS, *args, stdout=out)
    return out.getvalue()


def city_users():
    return User.objects.filter(email__endswith=f"@{EMAIL_DOMAIN}")


def city_initiatives():
    return Initiative.objects.filter(author__email__endswith=f"@{EMAIL_DOMAIN}")


def of_city(model):
    """Rows of the city's initiatives only: the normal demo may bring a handful of its own."""
    return model.objects.filter(initiative__author__email__endswith=f"@{EMAIL_DOMAIN}")


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in (User, User.groups.through, Initiative, Support, Follow, Comment, StatusChange)
    }


def content() -> list[tuple]:
    """What the generator decided, without primary keys (sequences move on between loads)."""
    return list(
        city_initiatives().order_by("pk").values_list(
            "title", "status", "scope", "support_count", "latitude", "published_at", "author__email"
        )
    )


class TestCityScale(TestCase):
    @classmethod
    def setUpClass(cls) -> None:
        # The normal demo writes minutes PDFs during setUpTestData, before per-test fixtures exist.
        media = tempfile.TemporaryDirectory()
        cls.addClassCleanup(media.cleanup)
        media_setting = override_settings(MEDIA_ROOT=media.name, PRIVATE_MEDIA_ROOT=media.name)
        media_setting.enable()
        cls.addClassCleanup(media_setting.disable)
        password = mock.patch.dict(os.environ, {"DEMO_PASSWORD": "Zhiguli-Test-Login-2026"})
        password.start()
        cls.addClassCleanup(password.stop)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = load()

    def test_counts_are_as_asked(self):
        assert city_users().count() == USERS
        assert city_initiatives().count() == INITIATIVES
        assert of_city(Support).count() == SUPPORTS
        # Every supporter follows, as services.support_add does.
        assert of_city(Follow).count() == SUPPORTS
        assert of_city(Comment).count() == COMMENTS
        assert "Город загружен" in self.output
        for phase in ("жители", "инициативы", "поддержки", "история статусов", "комментарии"):
            assert phase in self.output

    def test_support_count_equals_support_rows(self):
        mismatched = city_initiatives().annotate(rows=Count("supports")).exclude(support_count=F("rows"))
        assert not mismatched.exists()
        assert sum(city_initiatives().values_list("support_count", flat=True)) == SUPPORTS

    def test_supports_are_unique_and_never_the_authors_own(self):
        duplicates = Support.objects.values("initiative", "user").annotate(n=Count("id")).filter(n__gt=1)
        assert not duplicates.exists()
        assert not Support.objects.filter(user=F("initiative__author")).exists()
        # Supports only while collecting: never before publication.
        assert not Support.objects.filter(
            Q(initiative__published_at__isnull=True) | Q(created_at__lt=F("initiative__published_at"))
        ).exists()
        supported = Support.objects.filter(initiative=OuterRef("initiative"), user=OuterRef("user"))
        assert not Follow.objects.filter(~Exists(supported)).exists()

    def test_thresholds_statuses_and_deadlines_are_consistent(self):
        today = timezone.localdate()
        statuses = set(city_initiatives().values_list("status", flat=True))
        assert {S.PUBLISHED, S.EXPIRED, S.REJECTED, S.CONSIDERATION, S.IMPLEMENTED, S.DRAFT} <= statuses
        assert statuses <= set(S.values)
        # Reaching the threshold ends the collection: what still collects or expired is below it.
        below = city_initiatives().filter(status__in=[S.PUBLISHED, S.EXPIRED])
        assert not below.filter(support_count__gte=F("support_threshold")).exists()
        assert not city_initiatives().filter(support_count__gt=F("support_threshold")).exists()
        assert not city_initiatives().filter(status=S.PUBLISHED, collection_deadline__lt=today).exists()
        assert not city_initiatives().filter(status=S.EXPIRED, collection_deadline__gte=today).exists()
        never_published = city_initiatives().filter(status__in=[S.DRAFT, S.MODERATION, S.REVISION])
        assert not never_published.exclude(published_at=None, support_count=0, support_threshold=None).exists()
        assert not city_initiatives().filter(published_at__gt=timezone.now()).exists()
        assert not city_initiatives().filter(published_at__lt=F("created_at")).exists()
        assert not city_initiatives().filter(is_best_practice=True).exclude(status=S.IMPLEMENTED).exists()

    def test_places_and_coordinates(self):
        assert city_initiatives().filter(scope="microdistrict").count() > INITIATIVES // 2
        assert not city_initiatives().filter(scope="microdistrict").filter(
            Q(microdistrict=None) | Q(district=None) | ~Q(microdistrict__district=F("district"))
        ).exists()
        assert not city_initiatives().filter(scope="district", district=None).exists()
        located = city_initiatives().exclude(latitude=None)
        assert located.count() > INITIATIVES // 2
        lat_range, lon_range = ([Decimal(str(b)) for b in bounds] for bounds in (LAT_BOUNDS, LON_BOUNDS))
        assert not located.exclude(latitude__range=lat_range, longitude__range=lon_range).exists()
        for initiative in city_initiatives()[:50]:
            initiative.full_clean(exclude=["author", "category", "district", "microdistrict", "tos",
                                           "national_project", "forwarded_to"])

    def test_residents(self):
        user = city_users().order_by("pk").first()
        assert user.email == f"resident1@{EMAIL_DOMAIN}"
        assert not city_users().filter(home_microdistrict=None).exists()
        assert not city_users().exclude(is_active=True).exists()
        assert not any(u.has_usable_password() for u in city_users()[:50])
        assert city_users().filter(groups__name="resident").count() == USERS
        assert all(" " in name and name[0].isupper() for name in city_users().values_list("display_name", flat=True))

    def test_every_published_initiative_has_its_publication_in_the_timeline(self):
        published = city_initiatives().exclude(published_at=None)
        assert published.exists()
        publication = StatusChange.objects.filter(
            initiative=OuterRef("pk"), to_status=S.PUBLISHED, created_at=OuterRef("published_at")
        )
        assert not published.filter(~Exists(publication)).exists()
        # The last change of each timeline is the current status.
        for initiative in city_initiatives().exclude(status=S.DRAFT).prefetch_related("status_changes")[:100]:
            changes = sorted(initiative.status_changes.all(), key=lambda c: (c.created_at, c.pk))
            assert changes and changes[-1].to_status == initiative.status
        # A threshold reached by residents moves the initiative on by the system (no actor).
        by_system = StatusChange.objects.filter(initiative=OuterRef("pk"), to_status=S.CONSIDERATION, actor=None)
        reached = city_initiatives().filter(support_count=F("support_threshold"))
        assert reached.exists()
        assert not reached.filter(~Exists(by_system)).exists()

    def test_comments_reply_within_their_initiative(self):
        replies = Comment.objects.exclude(parent=None)
        assert replies.exists()
        assert not replies.exclude(parent__initiative=F("initiative")).exists()
        assert not replies.filter(parent__parent__isnull=False).exists()
        assert not Comment.objects.filter(initiative__published_at=None).exists()

    def test_second_run_adds_nothing(self):
        before = row_counts()
        out = load()
        assert row_counts() == before
        assert "уже загружены" in out

    def test_same_seed_and_day_give_the_same_city(self):
        first = content()
        today = timezone.localdate()
        with transaction.atomic():
            for model in (Support, Follow, Comment):
                of_city(model).delete()
            city_initiatives().delete()
            city_users().delete()
            load_city(CitySize(users=USERS, initiatives=INITIATIVES, supports=SUPPORTS, comments=COMMENTS),
                      today=today, log=lambda line: None)
            assert content() == first
            transaction.set_rollback(True)

    @pytest.mark.postgres
    def test_search_vector_is_filled_by_the_trigger(self):
        assert not city_initiatives().filter(search_vector=None).exists()
        # Russian stemming: «площадки» finds «Детская площадка …».
        found = city_initiatives().filter(search_vector=SearchQuery("площадки", config="russian"))
        assert found.exists()
        assert not found.exclude(Q(title__icontains="площадк") | Q(summary__icontains="площадк") |
                                 Q(description__icontains="площадк")).exists()


@pytest.mark.django_db
def test_city_scale_needs_the_normal_demo_first():
    with pytest.raises(ValueError, match="load_demo"):
        load_city(CitySize(users=5, initiatives=5, supports=5, comments=0), log=lambda line: None)


@pytest.mark.django_db
def test_scale_demo_is_the_default_and_writes_no_city(monkeypatch, settings):
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    call_command("load_demo", "--no-users", stdout=io.StringIO())
    assert not city_users().exists()
    assert not city_initiatives().exists()


@pytest.mark.django_db
def test_too_many_supports_for_the_residents_is_a_clear_error(monkeypatch, settings):
    settings.DEBUG = False
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    with pytest.raises(CommandError, match="поддержек"):
        call_command(
            "load_demo", "--no-users", "--scale", "city", "--city-users", "3", "--city-initiatives", "2",
            "--city-supports", "100", "--city-comments", "0", stdout=io.StringIO(),
        )
    # One transaction: nothing of the failed city stays behind.
    assert not city_users().exists()
    assert not city_initiatives().exists()


def test_allocate_is_exact_proportional_and_capped():
    rng = random.Random(1)
    weights = [rng.paretovariate(1.3) for _ in range(1000)]
    caps = [rng.choice([0, 5, 99]) for _ in range(1000)]
    counts = _allocate(20_000, weights, caps, rng)
    assert sum(counts) == 20_000
    assert all(0 <= c <= cap for c, cap in zip(counts, caps, strict=True))
    with pytest.raises(ValueError):
        _allocate(10, [1.0, 1.0], [2, 3], rng)


@pytest.mark.parametrize(
    ("street", "expected"),
    [
        ("бульвар Татищева", "на бульваре Татищева"),
        ("улица Юбилейная", "на улице Юбилейной"),
        ("улица Рабочая", "на улице Рабочей"),
        ("Ленинский проспект", "на Ленинском проспекте"),
        ("Центральная площадь", "на Центральной площади"),
        ("Южное шоссе", "на Южном шоссе"),
        ("бульвар Гая", "на бульваре Гая"),
        ("улица 70 лет Октября", "на улице 70 лет Октября"),
        ("улица Зои Космодемьянской", "на улице Зои Космодемьянской"),
    ],
)
def test_street_locative(street, expected):
    assert texts.street_locative(street) == expected


@pytest.mark.parametrize(
    ("genitive", "expected"),
    [
        ("7 квартала", "7 квартале"),
        ("микрорайона Шлюзовой", "микрорайоне Шлюзовой"),
        ("микрорайона улицы Горького", "микрорайоне улицы Горького"),
        ("Автозаводского района", "Автозаводском районе"),
    ],
)
def test_place_locative(genitive, expected):
    assert texts.place_genitive_to_locative(genitive) == expected


def test_size_caps_follows_at_a_million():
    assert CitySize(supports=3_000_000).follow_count() == 1_000_000
    assert CitySize(supports=10, follows=4).follow_count() == 4
