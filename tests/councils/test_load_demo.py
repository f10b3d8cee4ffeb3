"""`manage.py load_demo`: realistic Tolyatti demo content, loaded idempotently.

Loading the city takes a second or more, so the checks of the loaded content
share one load: a Django TestCase loads it once in setUpTestData and rolls each
test back to it. The checks of the command's options load on their own.
"""

from __future__ import annotations

import datetime as dt
import io
import os
import re
import tempfile
from pathlib import Path
from unittest import mock

import pytest
from allauth.account.models import EmailAddress
from django.contrib.auth.models import Group
from django.core.management import CommandError, call_command
from django.db.models import Count, F, Q
from django.test import TestCase, override_settings
from django.utils import timezone

from accounts.models import PersonalDataConsent, User
from accounts.roles import ALL_ROLES, MANAGER, MODERATOR
from councils.addresses import normalize_house, normalize_street
from councils.demo.helpers import plan_addresses
from councils.demo.logins import DEFAULT_PASSWORD
from councils.demo.microdistricts import MICRODISTRICTS
from councils.models import (
    TOS,
    Building,
    Council,
    CouncilMeeting,
    CouncilMember,
    District,
    Microdistrict,
    MicrodistrictManager,
)
from forum.models import ForumEdition, Resolution, Section
from initiatives.models import Category, NationalProject

# The reference data the demo gives in Russian and English (translation.py of each app).
TRANSLATED_DEMO_FIELDS = [
    (District, "name"), (District, "description"), (Category, "name"), (NationalProject, "name"),
    (ForumEdition, "title"), (ForumEdition, "theme"), (Section, "title"), (Resolution, "title"),
]

TEST_PASSWORD = "Zhiguli-Test-Login-2026"
ADMIN = "admin@demo.tolyatti.local"
PUBLIC = Council.Kind.MICRODISTRICT_PUBLIC


def load_demo(*args: str) -> str:
    out = io.StringIO()
    call_command("load_demo", *args, stdout=out)
    return out.getvalue()


def snapshot() -> dict[str, list[tuple]]:
    """Every row of the models load_demo writes, in primary-key order."""
    models = [
        District, Microdistrict, Building, Council, CouncilMember, CouncilMeeting, TOS, MicrodistrictManager,
        TOS.microdistricts.through, MicrodistrictManager.microdistricts.through,
        User, User.groups.through, EmailAddress, PersonalDataConsent, Group,
    ]
    return {model._meta.label: list(model._default_manager.order_by("pk").values_list()) for model in models}


def assert_valid_pdf(data: bytes) -> None:
    """Header, trailer and an xref table whose offsets point at the objects."""
    assert data.startswith(b"%PDF-1.") and data.rstrip().endswith(b"%%EOF")
    xref_at = int(re.search(rb"startxref\n(\d+)", data).group(1))
    assert data[xref_at:].startswith(b"xref")
    entries = re.findall(rb"(\d{10}) 00000 n ", data[xref_at:])
    assert entries
    for number, offset in enumerate(entries, start=1):
        assert data[int(offset):].startswith(b"%d 0 obj" % number)


class TestLoadedDemo(TestCase):
    """The content after one `load_demo` run (with DEMO_PASSWORD set, as on a server)."""

    @classmethod
    def setUpClass(cls) -> None:
        # Minutes PDFs are written during setUpTestData, before per-test fixtures exist.
        media = tempfile.TemporaryDirectory()
        cls.addClassCleanup(media.cleanup)
        cls.media_root = Path(media.name)
        media_setting = override_settings(MEDIA_ROOT=media.name, PRIVATE_MEDIA_ROOT=media.name)
        media_setting.enable()
        cls.addClassCleanup(media_setting.disable)
        password = mock.patch.dict(os.environ, {"DEMO_PASSWORD": TEST_PASSWORD})
        password.start()
        cls.addClassCleanup(password.stop)
        super().setUpClass()

    @classmethod
    def setUpTestData(cls) -> None:
        cls.output = load_demo()

    def test_city_structure_matches_the_facts(self):
        districts = {d.slug: d for d in District.objects.all()}
        assert set(districts) == {"avtozavodsky", "tsentralny", "komsomolsky"}
        assert districts["avtozavodsky"].population == 422_000
        assert Microdistrict.objects.count() == 85
        public = Council.objects.filter(kind=PUBLIC)
        assert public.count() == 85
        assert {slug: public.filter(district__slug=slug).count() for slug in districts} == {
            "avtozavodsky": 39, "tsentralny": 27, "komsomolsky": 19,
        }
        coordination = Council.objects.filter(kind=Council.Kind.DISTRICT_COORDINATION)
        assert sorted(coordination.values_list("district__slug", flat=True)) == sorted(districts)
        # Every microdistrict can be found by address and has its own public council in its own district.
        assert not Microdistrict.objects.annotate(n=Count("buildings")).filter(n__lt=5).exists()
        for md in Microdistrict.objects.annotate(n=Count("councils", filter=Q(councils__kind=PUBLIC))):
            assert md.n == 1, md
        assert not public.exclude(district=F("microdistrict__district")).exists()
        assert Microdistrict.objects.get(slug="kvartal-7").number == 7
        assert Microdistrict.objects.filter(name="Шлюзовой", district__slug="komsomolsky").exists()

    def test_addresses_are_found_the_way_residents_type_them(self):
        street, house = plan_addresses(MICRODISTRICTS)["kvartal-10"][0]
        assert street == "бульвар Татищева"
        building = Building.objects.get(
            street_key=normalize_street("б-р Татищева"), house_key=normalize_house(f"д. {house}"),
        )
        assert building.microdistrict.slug == "kvartal-10"
        assert Building.objects.count() < 5000

    def test_tos_registry(self):
        assert TOS.objects.count() == 58
        assert TOS.objects.order_by("charter_registered_on").first().charter_registered_on == dt.date(1995, 12, 1)
        by_district = dict(TOS.objects.values_list("district__slug").annotate(n=Count("pk")))
        assert by_district["avtozavodsky"] < by_district["tsentralny"]
        assert by_district["avtozavodsky"] < by_district["komsomolsky"]
        liquidated = TOS.objects.get(status=TOS.Status.LIQUIDATED)
        assert liquidated.liquidated_on > liquidated.charter_registered_on
        kinds = set(TOS.objects.values_list("territory_kind", flat=True))
        assert kinds == {"entrance", "building", "buildings", "microdistrict"}
        residents = {
            "entrance": (40, 150), "building": (150, 600), "buildings": (600, 3000), "microdistrict": (2000, 7000),
        }
        for tos in TOS.objects.prefetch_related("microdistricts"):
            tos.full_clean()
            low, high = residents[tos.territory_kind]
            assert low <= tos.residents_covered <= high, tos
            assert [md.district_id for md in tos.microdistricts.all()] == [tos.district_id]
            assert tos.chair_name and tos.goals and tos.territory_description
            if tos.is_legal_entity:
                assert re.fullmatch(r"\d{13}", tos.ogrn)
                assert int(tos.ogrn[:12]) % 11 % 10 == int(tos.ogrn[12]), tos.ogrn
        assert TOS.objects.filter(is_legal_entity=True).count() >= 5
        tos_councils = Council.objects.filter(kind=Council.Kind.TOS_COUNCIL)
        assert tos_councils.count() >= 40
        assert not tos_councils.exclude(district=F("tos__district")).exists()

    def test_council_rosters(self):
        today = timezone.localdate()
        for council in Council.objects.filter(kind=PUBLIC).prefetch_related("members"):
            current = [m for m in council.members.all() if m.term_end is None or m.term_end >= today]
            roles = sorted(m.role for m in current)
            assert roles.count("chair") == roles.count("deputy_chair") == roles.count("secretary") == 1, council
            assert 4 <= roles.count("member") <= 8, council
            assert len({m.full_name for m in council.members.all()}) == council.members.count()
        positions = " ".join(CouncilMember.objects.values_list("position", flat=True))
        for phrase in ("по дому", "депутат Думы городского округа Тольятти", "директор школы №",
                       "участковый уполномоченный полиции", "поликлиники №", "представитель ТОС «"):
            assert phrase in positions
        assert CouncilMember.objects.filter(term_end__lt=today).count() >= 2
        for council in Council.objects.filter(kind=Council.Kind.DISTRICT_COORDINATION):
            assert council.members.filter(role=CouncilMember.Role.CHAIR).count() == 1

    def test_meetings_published_and_upcoming(self):
        now = timezone.now()
        published = CouncilMeeting.objects.published()
        assert published.exists()
        assert CouncilMeeting.objects.filter(is_published=False, held_at__gt=now).exists()
        assert not published.filter(Q(decisions="") | Q(held_at__gt=now)).exists()
        assert Council.objects.filter(kind=PUBLIC, meetings__isnull=False).distinct().count() >= 20
        for council in Council.objects.filter(kind=Council.Kind.DISTRICT_COORDINATION):
            assert 2 <= council.meetings.count() <= 5
        agendas = " ".join(CouncilMeeting.objects.values_list("agenda", flat=True))
        assert "Самоуправление Тольятти: от стратегии к практике" in agendas
        assert "Инфраструктура для жизни" in agendas
        for meeting in published:
            assert meeting.minutes_file.name.endswith(".pdf")
            assert_valid_pdf((self.media_root / meeting.minutes_file.name).read_bytes())

    def test_managers_serve_their_own_district(self):
        managers = MicrodistrictManager.objects.prefetch_related("microdistricts")
        assert managers.exists()
        for manager in managers:
            mds = list(manager.microdistricts.all())
            assert 2 <= len(mds) <= 4, manager
            assert {md.district_id for md in mds} == {manager.district_id}, manager
            assert manager.work_phone.startswith("+7 8482 ")
            assert manager.reception_hours and manager.office_address and manager.work_email
        # Every microdistrict has exactly one manager.
        assert not Microdistrict.objects.annotate(n=Count("managers")).exclude(n=1).exists()

    def test_each_role_has_a_ready_demo_user(self):
        for role in ALL_ROLES:
            assert User.objects.filter(groups__name=role).exists(), role
        for user in User.objects.all():
            assert EmailAddress.objects.filter(user=user, email=user.email, verified=True, primary=True).exists()
            assert PersonalDataConsent.objects.filter(user=user, withdrawn_at__isnull=True).exists()
        admin = User.objects.get(email=ADMIN)
        assert admin.is_superuser and admin.is_staff and admin.groups.filter(name="administrator").exists()
        district_moderator = User.objects.get(email="moderator.avtozavodsky@demo.tolyatti.local")
        assert district_moderator.moderated_district.slug == "avtozavodsky"
        assert User.objects.get(email="moderator@demo.tolyatti.local").moderated_district is None
        assert not User.objects.filter(groups__name__in=[MODERATOR, MANAGER], is_staff=False).exists()
        manager_user = User.objects.get(email="manager@demo.tolyatti.local")
        assert manager_user.manager_profile.district.slug == "avtozavodsky"
        assert not User.objects.get(email="resident@demo.tolyatti.local").is_staff
        assert self.client.login(email=ADMIN, password=TEST_PASSWORD)

    def test_demo_staff_open_the_admin_with_the_published_totp_secret(self):
        from allauth.mfa.models import Authenticator

        from accounts.mfa import DEMO_STAFF_TOTP_SECRET, totp_code

        staff = User.objects.filter(is_staff=True)
        assert staff.count() >= 4
        for user in staff:
            kinds = set(Authenticator.objects.filter(user=user).values_list("type", flat=True))
            assert kinds == {"totp", "recovery_codes"}, user.email
        assert not Authenticator.objects.filter(user__is_staff=False).exists()
        assert DEMO_STAFF_TOTP_SECRET in self.output
        response = self.client.post("/accounts/login/?next=/admin/", {"login": ADMIN, "password": TEST_PASSWORD})
        assert response["Location"] == "/accounts/2fa/authenticate/"
        response = self.client.post("/accounts/2fa/authenticate/", {"code": totp_code(DEMO_STAFF_TOTP_SECRET)})
        assert response["Location"] == "/admin/"
        assert self.client.get("/admin/").status_code == 200

    def test_reference_data_has_english_names(self):
        assert set(District.objects.values_list("name_en", flat=True)) == {"Avtozavodsky", "Tsentralny", "Komsomolsky"}
        assert not District.objects.filter(Q(description_en__isnull=True) | Q(description_en="")).exists()
        for model, field in TRANSLATED_DEMO_FIELDS:
            assert not model.objects.filter(**{f"{field}_en__isnull": True}).exists(), (model, field)
            assert not model.objects.filter(**{f"{field}_ru__isnull": True}).exists(), (model, field)

    def test_rows_loaded_before_the_translations_get_english_on_the_next_run(self):
        for model, field in TRANSLATED_DEMO_FIELDS:
            model.objects.update(**{f"{field}_en": None})
        load_demo()
        for model, field in TRANSLATED_DEMO_FIELDS:
            assert not model.objects.filter(**{f"{field}_en__isnull": True}).exists(), (model, field)
        assert Category.objects.get(slug="kultura").name_en == "Culture"
        assert District.objects.get(slug="komsomolsky").name_en == "Komsomolsky"

    def test_second_run_changes_nothing(self):
        before = snapshot()
        out = load_demo()
        assert snapshot() == before
        assert "создано записей 0, изменено 0" in out

    def test_summary_names_the_admin_login_but_not_a_secret_password(self):
        assert ADMIN in self.output
        assert "создано записей" in self.output
        assert TEST_PASSWORD not in self.output
        assert "DEMO_PASSWORD" in self.output


@pytest.mark.django_db
def test_default_password_is_used_and_printed_in_development(settings, monkeypatch, client):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = True
    out = load_demo()
    assert DEFAULT_PASSWORD in out
    assert client.login(email=ADMIN, password=DEFAULT_PASSWORD)


@pytest.mark.django_db
def test_refuses_the_published_password_without_debug(settings, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = False
    with pytest.raises(CommandError, match="DEMO_PASSWORD"):
        load_demo()
    assert not District.objects.exists()


@pytest.mark.django_db
def test_no_users_option_loads_content_only(settings, monkeypatch):
    monkeypatch.delenv("DEMO_PASSWORD", raising=False)
    settings.DEBUG = False
    out = load_demo("--no-users")
    assert not User.objects.exists()
    assert TOS.objects.count() == 58
    assert ADMIN not in out
