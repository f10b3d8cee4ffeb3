"""City-scale demo data: 50,000 residents, 100,000 initiatives, a million supports.

`load_city()` writes, on top of the normal demo (districts, microdistricts, addresses,
councils — `load_demo` without `--scale city`), what a city of 668 thousand would have
after three years of the portal:

* residents `residentN@city.demo.local` with Russian names, an unusable password and a
  home microdistrict drawn by population, in the «resident» group;
* initiatives from the templates of `initiatives.demo.texts` about real streets, houses and
  microdistricts, mostly microdistrict-wide; statuses in realistic shares, each with the
  timeline (`StatusChange`) the transition services would have written, publication dates
  spread over three years, thresholds and deadlines from `SupportRule`;
* supports — unique per resident and initiative, mostly from the initiative's district, and
  `support_count` equal to the Support rows exactly: counts are planned first and written in
  the same insert as the initiative. An initiative that reached its threshold stops at it
  (the support that reaches it sends the initiative to consideration), so below-threshold
  initiatives stay below;
* a follow for each support (as `services.support_add` does), comments with replies.

Everything comes from one `random.Random(seed)`; dates count back from the day of the run
(`today`), so the same seed and day give the same rows. A second run finds the residents'
e-mail domain and writes nothing. On PostgreSQL rows go in with COPY (the search trigger
fills `search_vector` as for any insert; primary keys are taken from the tables' own
sequences first, so nothing needs resetting), elsewhere with bulk_create. All of it is one
transaction: a failed run leaves nothing behind. VACUUM (ANALYZE) of the tables written
follows on PostgreSQL (ANALYZE alone when called inside a transaction, as in tests).
"""

from __future__ import annotations

import bisect
import datetime as dt
import io
import itertools
import random
import string
import time
from collections import Counter, defaultdict
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.contrib.auth.models import Group
from django.db import DEFAULT_DB_ALIAS, connections, models, transaction
from django.utils import timezone

from accounts.models import User
from accounts.roles import MODERATOR, RESIDENT
from councils.demo.districts import DISTRICTS
from councils.demo.microdistricts import MICRODISTRICTS
from councils.demo.people import make_person
from councils.models import TOS, Building, Council, District, Microdistrict

from ..models import (
    Category,
    Comment,
    Follow,
    Initiative,
    NationalProject,
    Scope,
    StatusChange,
    Support,
    SupportRule,
)
from . import texts

SEED = 2026
EMAIL_DOMAIN = "city.demo.local"
MAX_FOLLOWS = 1_000_000
# Rows per COPY (or bulk_create round) while streaming supports and follows.
CHUNK = 100_000
BULK_BATCH = 1_000  # bulk_create off PostgreSQL (SQLite caps parameters per statement anyway)

# Tolyatti's built-up area: every generated point lies inside (the model accepts 53.3–53.7 / 49.1–49.8).
LAT_BOUNDS = (53.45, 53.60)
LON_BOUNDS = (49.20, 49.60)
YEARS = 3
DAY = 86_400
HOUR = 3_600

S = Initiative.Status
# Shares of the final status; most initiatives end up expired (below the threshold), as on real portals.
STATUS_WEIGHTS: tuple[tuple[str, float], ...] = (
    (S.DRAFT, 5), (S.MODERATION, 2.5), (S.REVISION, 2), (S.WITHDRAWN, 1.5), (S.PUBLISHED, 16),
    (S.EXPIRED, 42), (S.REJECTED, 10), (S.CONSIDERATION, 7), (S.ACCEPTED, 3), (S.IN_PROGRESS, 3),
    (S.IMPLEMENTED, 8),
)
SCOPE_WEIGHTS = ((Scope.MICRODISTRICT, 85), (Scope.DISTRICT, 12), (Scope.CITY, 3))
DEFAULT_RULES = {"microdistrict": (100, 60), "district": (300, 90), "city": (1000, 90)}
# Of the initiatives that went to consideration, the share sent there by reaching the threshold
# (the rest a moderator forwarded), and the most of all supports those may take.
REACHED_SHARE = 0.2
REACHED_BUDGET = 0.65
# Supports come from the initiative's district while that district has plenty of residents.
LOCAL_POOL_FACTOR = 3


@dataclass(frozen=True)
class CitySize:
    users: int = 50_000
    initiatives: int = 100_000
    supports: int = 1_000_000
    comments: int = 200_000
    # None: every supporter follows (as support_add does), capped at MAX_FOLLOWS.
    follows: int | None = None

    def follow_count(self) -> int:
        wanted = self.supports if self.follows is None else self.follows
        return max(0, min(wanted, self.supports, MAX_FOLLOWS))


@dataclass
class CityReport:
    skipped: bool = False
    counts: dict[str, int] = field(default_factory=dict)
    timings: list[tuple[str, float]] = field(default_factory=list)

    @property
    def seconds(self) -> float:
        return sum(seconds for _, seconds in self.timings)


# --- writing rows: COPY on PostgreSQL, bulk_create elsewhere ---------------------------------------------------


def _copy_text(value: Any) -> str:
    """One value in PostgreSQL's COPY text format."""
    if value is None:
        return "\\N"
    if value is True:
        return "t"
    if value is False:
        return "f"
    if isinstance(value, str):
        return value.replace("\\", "\\\\").replace("\t", "\\t").replace("\n", "\\n").replace("\r", "\\r")
    if isinstance(value, dt.date):  # datetimes too: isoformat keeps the offset
        return value.isoformat()
    return str(value)


class RowWriter:
    def __init__(self, using: str) -> None:
        self.using = using
        self.connection = connections[using]
        self.postgres = self.connection.vendor == "postgresql"

    def reserve_ids(self, model: type[models.Model], count: int) -> list[int]:
        """Primary keys for `count` new rows, taken from the table's own sequence on PostgreSQL."""
        if count <= 0:
            return []
        table, pk = model._meta.db_table, model._meta.pk.column
        with self.connection.cursor() as cursor:
            if self.postgres:
                cursor.execute(
                    "SELECT nextval(pg_get_serial_sequence(%s, %s)) FROM generate_series(1, %s)", [table, pk, count]
                )
                return sorted(row[0] for row in cursor.fetchall())
            quote = self.connection.ops.quote_name
            cursor.execute(f"SELECT MAX({quote(pk)}) FROM {quote(table)}")  # noqa: S608 — names from _meta
            start = (cursor.fetchone()[0] or 0) + 1
        return list(range(start, start + count))

    def write(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        """Insert rows given as tuples in the order of `columns` (attnames); returns how many."""
        if self.postgres:
            return self._copy(model, columns, rows)
        objs = [model(**dict(zip(columns, row, strict=True))) for row in rows]
        model._default_manager.db_manager(self.using).bulk_create(objs, batch_size=BULK_BATCH)
        return len(objs)

    def _copy(self, model: type[models.Model], columns: Sequence[str], rows: Iterable[Sequence[Any]]) -> int:
        buffer = io.StringIO()
        count = 0
        for row in rows:
            buffer.write("\t".join(map(_copy_text, row)))
            buffer.write("\n")
            count += 1
        if not count:
            return 0
        self.copy_buffer(model, columns, buffer)
        return count

    def copy_buffer(self, model: type[models.Model], columns: Sequence[str], buffer: io.StringIO) -> None:
        quote = self.connection.ops.quote_name
        names = ", ".join(quote(model._meta.get_field(name).column) for name in columns)
        sql = f"COPY {quote(model._meta.db_table)} ({names}) FROM STDIN"
        buffer.seek(0)
        with self.connection.cursor() as cursor:
            raw = cursor.cursor
            if hasattr(raw, "copy_expert"):  # psycopg2
                raw.copy_expert(sql, buffer)
            else:  # psycopg 3
                with raw.copy(sql) as copy:
                    copy.write(buffer.getvalue())


# --- the city as the normal demo left it ---------------------------------------------------------------------


@dataclass
class Place:
    """A microdistrict with what the templates need to talk about it."""

    id: int
    district_id: int
    latitude: float | None
    longitude: float | None
    population: int
    genitive: str  # «7 квартала»
    locative: str  # «в 7 квартале»
    addresses: list[tuple[str, str]]  # (street, house)
    tos_ids: list[int]
    council_id: int | None


@dataclass
class DistrictInfo:
    id: int
    population: int
    genitive: str
    locative: str
    council_id: int | None
    place_ids: list[int] = field(default_factory=list)


class City:
    """Reference rows read once: places, districts, categories, rules, moderators."""

    def __init__(self, using: str) -> None:
        md_defs = {md.slug: md for md in MICRODISTRICTS}
        district_defs = {d.slug: d for d in DISTRICTS}
        self.districts: dict[int, DistrictInfo] = {}
        for district in District.objects.using(using).order_by("pk"):
            definition = district_defs.get(district.slug)
            genitive = definition.genitive if definition else f"района {district.name}"
            self.districts[district.pk] = DistrictInfo(
                id=district.pk, population=district.population or 10_000, genitive=genitive,
                locative="в " + texts.place_genitive_to_locative(genitive), council_id=None,
            )
        addresses: dict[int, list[tuple[str, str]]] = defaultdict(list)
        for md_id, street, house in Building.objects.using(using).order_by("pk").values_list(
            "microdistrict_id", "street", "house"
        ):
            addresses[md_id].append((street, house))
        tos_ids: dict[int, list[int]] = defaultdict(list)
        for tos_id, md_id in TOS.microdistricts.through.objects.using(using).order_by("pk").values_list(
            "tos_id", "microdistrict_id"
        ):
            tos_ids[md_id].append(tos_id)
        councils = Council.objects.using(using).filter(is_active=True).order_by("pk")
        public = {
            c.microdistrict_id: c.pk for c in councils.filter(kind=Council.Kind.MICRODISTRICT_PUBLIC)
        }
        for council in councils.filter(kind=Council.Kind.DISTRICT_COORDINATION):
            self.districts[council.district_id].council_id = council.pk
        self.places: dict[int, Place] = {}
        for md in Microdistrict.objects.using(using).order_by("pk"):
            definition = md_defs.get(md.slug)
            genitive = definition.council_label if definition else f"микрорайона «{md.name}»"
            self.places[md.pk] = Place(
                id=md.pk, district_id=md.district_id,
                latitude=float(md.latitude) if md.latitude is not None else None,
                longitude=float(md.longitude) if md.longitude is not None else None,
                population=md.population or 3_000, genitive=genitive,
                locative="в " + texts.place_genitive_to_locative(genitive),
                addresses=addresses.get(md.pk, []), tos_ids=tos_ids.get(md.pk, []), council_id=public.get(md.pk),
            )
            self.districts[md.district_id].place_ids.append(md.pk)
        if not self.places:
            raise ValueError("Нет микрорайонов: сначала загрузите обычные демо-данные (manage.py load_demo).")
        self.categories = dict(Category.objects.using(using).values_list("slug", "pk"))
        self.projects = dict(NationalProject.objects.using(using).values_list("slug", "pk"))
        self.rules = dict(DEFAULT_RULES)
        for rule in SupportRule.objects.using(using).all():
            self.rules[rule.scope] = (rule.support_threshold, rule.collection_days)
        moderators = User.objects.using(using).filter(groups__name=MODERATOR, is_active=True).order_by("pk")
        self.city_moderators = [u.pk for u in moderators if u.moderated_district_id is None]
        self.district_moderators: dict[int, list[int]] = defaultdict(list)
        for user in moderators:
            if user.moderated_district_id is not None:
                self.district_moderators[user.moderated_district_id].append(user.pk)
        self.resident_group = Group.objects.using(using).get_or_create(name=RESIDENT)[0].pk

    def moderator(self, rng: random.Random, district_id: int | None) -> int | None:
        """Who moderates here: the district's moderator or a city-wide one; None (the system) if nobody."""
        candidates = self.district_moderators.get(district_id, []) + self.city_moderators if district_id else (
            self.city_moderators
        )
        return rng.choice(candidates) if candidates else None


# --- planning --------------------------------------------------------------------------------------------------


@dataclass
class Plan:
    """One initiative before it is written: its row, timeline and what its supports need."""

    id: int
    row: dict[str, Any]
    changes: list[tuple[str, str, str, str, int]]  # (from, to, actor kind, reason, timestamp)
    district_id: int | None
    author_id: int
    threshold: int | None
    # Supports are collected between these timestamps; None: never collected.
    collecting: tuple[int, int] | None
    reach_candidate: bool  # went to consideration: by the threshold or by a moderator
    reached: bool = False
    supports: int = 0


def _weighted_picker(rng: random.Random, items: Sequence[Any], weights: Sequence[float]) -> Callable[[], Any]:
    cumulative = list(itertools.accumulate(weights))
    total = cumulative[-1]

    def pick() -> Any:
        return items[bisect.bisect(cumulative, rng.random() * total)]

    return pick


def _clip(value: float, bounds: tuple[float, float]) -> float:
    return min(max(value, bounds[0]), bounds[1])


class CityGenerator:
    def __init__(
        self, size: CitySize, *, seed: int = SEED, today: dt.date | None = None, using: str = DEFAULT_DB_ALIAS,
        log: Callable[[str], None] = print,
    ) -> None:
        self.size = size
        self.rng = random.Random(seed)  # demo data: repeatability is the point, not secrecy
        self.today = today or timezone.localdate()
        tz = timezone.get_current_timezone()
        # Every event happens before the start of `today`: the same seed on the same day gives the same rows.
        self.anchor = int(dt.datetime.combine(self.today, dt.time.min, tzinfo=tz).timestamp())
        self.window_start = self.anchor - YEARS * 365 * DAY
        self.tz = tz
        self.using = using
        self.log = log
        self.writer = RowWriter(using)
        self.report = CityReport()

    # -- helpers ------------------------------------------------------------------------------------------------

    @staticmethod
    def moment(timestamp: int) -> dt.datetime:
        return dt.datetime.fromtimestamp(timestamp, tz=dt.UTC)

    def local_date(self, timestamp: int) -> dt.date:
        return dt.datetime.fromtimestamp(timestamp, tz=self.tz).date()

    def phase(self, name: str, started: float, count: int | None = None) -> None:
        seconds = time.monotonic() - started
        self.report.timings.append((name, seconds))
        self.log(f"  {name}: {'' if count is None else f'{count} — '}{seconds:.1f} с")

    # -- run ----------------------------------------------------------------------------------------------------

    def run(self) -> CityReport:
        existing = User.objects.using(self.using).filter(email__iendswith=f"@{EMAIL_DOMAIN}").count()
        if existing:
            self.log(f"  городские данные уже загружены ({existing} жителей @{EMAIL_DOMAIN}): пропускаю")
            self.report.skipped = True
            return self.report
        with transaction.atomic(using=self.using):
            started = time.monotonic()
            self.city = City(self.using)
            self.phase("справочники", started)
            self.make_users()
            self.make_initiatives()
            self.make_supports()
            self.make_status_changes()
            self.make_comments()
            started = time.monotonic()
        self.phase("фиксация транзакции (проверка внешних ключей)", started)
        if self.writer.postgres:
            started = time.monotonic()
            connection = self.writer.connection
            # Statistics for the planner; outside a transaction also VACUUM, which sets the visibility map
            # autovacuum would set later: until then index-only scans (the catalogue's COUNT) read the heap.
            command = "ANALYZE" if connection.in_atomic_block else "VACUUM (ANALYZE)"
            with connection.cursor() as cursor:
                for model in (User, User.groups.through, Initiative, Support, Follow, StatusChange, Comment):
                    cursor.execute(f"{command} {connection.ops.quote_name(model._meta.db_table)}")
            self.phase(command, started)
        return self.report

    # -- residents ----------------------------------------------------------------------------------------------

    def make_users(self) -> None:
        started = time.monotonic()
        rng, n = self.rng, self.size.users
        ids = self.writer.reserve_ids(User, n)
        places = list(self.city.places.values())
        pick_place = _weighted_picker(rng, places, [p.population for p in places])
        alphabet = string.ascii_letters + string.digits
        self.user_ids: list[int] = ids
        self.users_by_place: dict[int, list[int]] = defaultdict(list)
        self.users_by_district: dict[int, list[int]] = defaultdict(list)
        self.joined: dict[int, int] = {}
        rows = []
        for index, pk in enumerate(ids, start=1):
            person = make_person(rng)
            # «Ирина Соколова» or, as many prefer on public sites, «Ирина С.»
            name = person.display_name if rng.random() < 0.6 else f"{person.first_name} {person.surname[0]}."
            place = pick_place()
            joined = self.window_start - rng.randrange(0, 2 * 365 * DAY)
            self.joined[pk] = joined
            self.users_by_place[place.id].append(pk)
            self.users_by_district[place.district_id].append(pk)
            # An unusable password («!» prefix, as set_unusable_password makes): these residents never log in.
            password = "!" + "".join(rng.choices(alphabet, k=40))
            rows.append((pk, password, False, f"resident{index}@{EMAIL_DOMAIN}", name, place.id, "", "ru", False,
                         True, self.moment(joined)))
        self.writer.write(User, ("id", "password", "is_superuser", "email", "display_name", "home_microdistrict_id",
                                 "phone", "preferred_language", "is_staff", "is_active", "date_joined"), rows)
        # New accounts join the «resident» group (accounts.signals does it for accounts created one by one).
        through = User.groups.through
        self.writer.write(through, ("id", "user_id", "group_id"), zip(
            self.writer.reserve_ids(through, n), ids, itertools.repeat(self.city.resident_group), strict=False
        ))
        self.report.counts["users"] = n
        self.phase("жители", started, n)

    # -- initiatives --------------------------------------------------------------------------------------------

    def make_initiatives(self) -> None:
        started = time.monotonic()
        rng, n = self.rng, self.size.initiatives
        if not self.user_ids and n:
            raise ValueError("Инициативам нужны авторы: задайте хотя бы одного жителя.")
        ids = self.writer.reserve_ids(Initiative, n)
        places = list(self.city.places.values())
        pick_place = _weighted_picker(rng, places, [p.population for p in places])
        districts = [d for d in self.city.districts.values() if d.place_ids]
        pick_district = _weighted_picker(rng, districts, [d.population for d in districts])
        pick_status = _weighted_picker(rng, [s for s, _ in STATUS_WEIGHTS], [w for _, w in STATUS_WEIGHTS])
        pick_scope = _weighted_picker(rng, [s for s, _ in SCOPE_WEIGHTS], [w for _, w in SCOPE_WEIGHTS])
        self.plans = [
            self.plan_initiative(pk, pick_scope(), pick_status(), pick_place, pick_district) for pk in ids
        ]
        self.plan_support_counts()
        self.phase("инициативы: план, тексты, счётчики поддержек", started, n)
        started = time.monotonic()
        columns = list(self.plans[0].row) if self.plans else []
        for plan in self.plans:
            plan.row["support_count"] = plan.supports
        written = self.writer.write(Initiative, columns, ([plan.row[c] for c in columns] for plan in self.plans))
        self.report.counts["initiatives"] = written
        self.phase("инициативы: запись (search_vector — триггером)", started, written)

    def plan_initiative(
        self, pk: int, scope: str, status: str, pick_place: Callable[[], Place], pick_district: Callable[[], Any],
    ) -> Plan:
        rng, city = self.rng, self.city
        place: Place | None = None
        district: DistrictInfo | None = None
        if scope == Scope.MICRODISTRICT:
            place = pick_place()
            district = city.districts[place.district_id]
            idea = rng.choice(texts.MICRODISTRICT_IDEAS)
        elif scope == Scope.DISTRICT:
            district = pick_district()
            place = city.places[rng.choice(district.place_ids)]
            idea = rng.choice(texts.DISTRICT_IDEAS)
        else:
            idea = rng.choice(texts.CITY_IDEAS)
        street, house = ("", "")
        if place is not None:
            if place.addresses:
                street, house = rng.choice(place.addresses)
            else:
                street, house = "улица Ленина", str(rng.randint(1, 90))
        street_on = texts.street_locative(street) if street else "в городе"
        context = {
            "addr_on": f"{street_on}, {house}" if house else street_on, "street_on": street_on,
            "md_in": place.locative if place else "в Тольятти", "md_gen": place.genitive if place else "города",
            "district_in": district.locative if district else "в Тольятти",
            "district_gen": district.genitive if district else "города",
            "school": rng.randint(2, 94), "kindergarten": rng.randint(1, 210), "clinic": rng.randint(1, 5),
            "library": rng.randint(1, 20), "years": rng.randint(2, 6), "households": rng.randint(12, 60),
        }
        title = idea.title.format(**context)[:150]
        summary = idea.summary.format(**context)[:300]
        description = " ".join((
            idea.problem.format(**context), idea.proposal.format(**context), rng.choice(texts.RESULTS),
            rng.choice(texts.SUPPORTERS).format(**context), rng.choice(texts.CALLS),
        ))
        if place is not None and scope == Scope.MICRODISTRICT:
            # A title naming the house keeps it in the address; others name the house three times out of four.
            with_house = "{addr_on}" in idea.title or rng.random() < 0.75
            address = f"{street}, {house}" if with_house else street
        elif place is not None:
            address = street if rng.random() < 0.5 else ""
        else:
            address = ""
        latitude = longitude = None
        if rng.random() < 0.9:
            if place is not None and place.latitude is not None and place.longitude is not None:
                spread = 0.003 if scope == Scope.MICRODISTRICT else 0.012
                latitude = place.latitude + rng.gauss(0, spread)
                longitude = place.longitude + rng.gauss(0, spread * 1.6)
            else:
                latitude, longitude = rng.uniform(*LAT_BOUNDS), rng.uniform(*LON_BOUNDS)
            latitude = Decimal(f"{_clip(latitude, LAT_BOUNDS):.6f}")
            longitude = Decimal(f"{_clip(longitude, LON_BOUNDS):.6f}")
        budget = None
        if idea.budget and rng.random() < 0.7:
            budget = Decimal(round(rng.uniform(*idea.budget), -3)).quantize(Decimal("0.01"))
        author_pool = self.users_by_place.get(place.id) if place is not None else None
        if not author_pool and district is not None:
            author_pool = self.users_by_district.get(district.id)
        author_id = rng.choice(author_pool or self.user_ids)

        threshold, days = city.rules[scope]
        district_id = district.id if district else None
        timeline = self.plan_timeline(status, days, author_id, district_id)
        published = timeline["published"]
        row: dict[str, Any] = {
            "id": pk, "title": title, "summary": summary, "description": description,
            "category_id": city.categories.get(idea.category),
            "national_project_id": city.projects.get(idea.national_project) if idea.national_project else None,
            "scope": scope, "district_id": district_id,
            "microdistrict_id": place.id if place is not None and scope == Scope.MICRODISTRICT else None,
            "tos_id": rng.choice(place.tos_ids) if (
                place is not None and scope == Scope.MICRODISTRICT and place.tos_ids and rng.random() < 0.1
            ) else None,
            "address": address[:255], "latitude": latitude, "longitude": longitude, "estimated_budget": budget,
            "needs_money": "m" in idea.needs and rng.random() < 0.8,
            "needs_volunteers": "v" in idea.needs and rng.random() < 0.8,
            "needs_materials": "t" in idea.needs and rng.random() < 0.8,
            "needs_expertise": "e" in idea.needs and rng.random() < 0.8,
            "resources_description": rng.choice(texts.RESOURCES) if idea.needs and rng.random() < 0.5 else "",
            "author_id": author_id, "status": status,
            "support_threshold": threshold if published else None,
            "collection_deadline": self.local_date(published) + dt.timedelta(days=days) if published else None,
            "support_count": 0,
            "forwarded_to_id": None,
            "is_best_practice": False, "best_practice_summary": "",
            "created_at": self.moment(timeline["created"]),
            "updated_at": self.moment(timeline["changes"][-1][4] if timeline["changes"] else timeline["created"]),
            "submitted_at": self.moment(timeline["submitted"]) if timeline["submitted"] else None,
            "published_at": self.moment(published) if published else None,
        }
        if timeline["forwarded_by_moderator"]:
            council = place.council_id if place is not None and scope == Scope.MICRODISTRICT else (
                district.council_id if district else None
            )
            row["forwarded_to_id"] = council
        if status == S.IMPLEMENTED and rng.random() < 0.08:
            row["is_best_practice"] = True
            row["best_practice_summary"] = rng.choice(texts.BEST_PRACTICE)
        return Plan(
            id=pk, row=row, changes=timeline["changes"], district_id=district_id, author_id=author_id,
            threshold=threshold if published else None, collecting=timeline["collecting"],
            reach_candidate=timeline["reach_candidate"],
        )

    def plan_timeline(self, status: str, days: int, author_id: int, district_id: int | None) -> dict[str, Any]:
        """When the initiative was created, submitted, published, and every status change up to `status`.

        Steps are drawn as durations first, then the whole chain is placed so that it ends
        before today (and, for a collecting initiative, so that its deadline is still ahead).
        """
        rng = self.rng
        steps: list[tuple[str, str, str, str, int]] = []  # (from, to, actor, reason, seconds after the previous)
        moderated_before = rng.random() < 0.1  # sent back for revision once before publication
        pre = [(S.DRAFT, S.MODERATION, "author", "", rng.randrange(HOUR, 20 * DAY))]
        if moderated_before:
            pre += [
                (S.MODERATION, S.REVISION, "moderator", rng.choice(texts.REVISION_REASONS),
                 rng.randrange(HOUR, 4 * DAY)),
                (S.REVISION, S.MODERATION, "author", "", rng.randrange(HOUR, 10 * DAY)),
            ]
        publish = (S.MODERATION, S.PUBLISHED, "moderator", "", rng.randrange(2 * HOUR, 5 * DAY))
        collection = days * DAY

        def forward() -> tuple[str, str, str, str, int]:
            if reached_possible:
                return (S.PUBLISHED, S.CONSIDERATION, "system", texts.THRESHOLD_REASON,
                        rng.randrange(DAY, collection - DAY))
            return (S.PUBLISHED, S.CONSIDERATION, "moderator", rng.choice(texts.FORWARD_REASONS),
                    rng.randrange(DAY, collection - DAY))

        reached_possible = rng.random() < REACHED_SHARE
        published_index: int | None = None  # index in steps of the publication
        end_of_collection: int | None = None  # index in steps of the change that ended collection
        fixed_now = False  # the chain ends now (collecting) rather than at a random past moment
        reach_candidate = forwarded_by_moderator = False
        if status == S.DRAFT:
            pass
        elif status == S.MODERATION:
            steps = pre[:1]
        elif status == S.REVISION:
            steps = [*pre[:1], (S.MODERATION, S.REVISION, "moderator", rng.choice(texts.REVISION_REASONS),
                                rng.randrange(HOUR, 4 * DAY))]
        elif status == S.PUBLISHED:
            steps, published_index, fixed_now = [*pre, publish], len(pre), True
        elif status == S.EXPIRED:
            steps, published_index = [*pre, publish], len(pre)
            # The nightly task expires it in the first hours after the deadline day.
            steps.append((S.PUBLISHED, S.EXPIRED, "system", texts.EXPIRE_REASON,
                          collection + DAY + rng.randrange(12 * HOUR)))
            end_of_collection = len(steps) - 1
        elif status == S.WITHDRAWN:
            reason = rng.choice(texts.WITHDRAW_REASONS)
            if rng.random() < 0.5:
                steps = [*pre[:1], (S.MODERATION, S.WITHDRAWN, "author", reason, rng.randrange(HOUR, 3 * DAY))]
            else:
                steps, published_index = [*pre, publish], len(pre)
                steps.append((S.PUBLISHED, S.WITHDRAWN, "author", reason, rng.randrange(DAY, collection - DAY)))
                end_of_collection = len(steps) - 1
        elif status == S.REJECTED:
            reason = rng.choice(texts.REJECTION_REASONS)
            roll = rng.random()
            if roll < 0.4:
                steps = [*pre, (S.MODERATION, S.REJECTED, "moderator", reason, rng.randrange(HOUR, 5 * DAY))]
            elif roll < 0.75:
                steps, published_index = [*pre, publish], len(pre)
                steps.append((S.PUBLISHED, S.REJECTED, "moderator", reason, rng.randrange(DAY, collection - DAY)))
                end_of_collection = len(steps) - 1
            else:
                steps, published_index = [*pre, publish, forward()], len(pre)
                end_of_collection = len(steps) - 1
                steps.append((S.CONSIDERATION, S.REJECTED, "moderator", reason, rng.randrange(7 * DAY, 60 * DAY)))
                reach_candidate = True
        else:  # consideration and what follows it
            steps, published_index = [*pre, publish, forward()], len(pre)
            end_of_collection = len(steps) - 1
            reach_candidate = True
            follow_ups = [
                (S.CONSIDERATION, S.ACCEPTED, "moderator", rng.choice(texts.ACCEPT_REASONS),
                 rng.randrange(7 * DAY, 60 * DAY)),
                (S.ACCEPTED, S.IN_PROGRESS, "moderator", rng.choice(texts.START_REASONS),
                 rng.randrange(7 * DAY, 90 * DAY)),
                (S.IN_PROGRESS, S.IMPLEMENTED, "moderator", rng.choice(texts.DONE_REASONS),
                 rng.randrange(14 * DAY, 180 * DAY)),
            ]
            depth = {S.CONSIDERATION: 0, S.ACCEPTED: 1, S.IN_PROGRESS: 2, S.IMPLEMENTED: 3}[status]
            steps += follow_ups[:depth]
        if reach_candidate:
            forwarded_by_moderator = not reached_possible

        # Place the chain in time: created → each step; collecting ones end with a deadline still ahead.
        chain = sum(step[4] for step in steps)
        if fixed_now:
            # Published between half a day and (collection − 1 day) ago: the deadline is today or later.
            published_at = self.anchor - rng.randrange(HOUR * 12, max(HOUR * 13, collection - DAY))
            created = published_at - sum(step[4] for step in steps)
        elif status == S.DRAFT:
            created = self.anchor - rng.randrange(HOUR, 300 * DAY)
        elif status in (S.MODERATION, S.REVISION):
            created = self.anchor - chain - rng.randrange(HOUR, 30 * DAY)
        else:
            latest = self.anchor - chain - DAY
            created = rng.randrange(min(self.window_start, latest - DAY), latest)
        # No initiative before its author joined.
        created = max(created, self.joined.get(author_id, created) + HOUR) if not fixed_now else created
        moment = created
        changes = []
        published = submitted = None
        collecting_until = None
        for index, (from_status, to_status, actor, reason, delta) in enumerate(steps):
            moment += delta
            if fixed_now and index == published_index:
                moment = min(moment, self.anchor - HOUR)
            if to_status == S.MODERATION and submitted is None:
                submitted = moment
            if index == published_index:
                published = moment
            if index == end_of_collection:
                collecting_until = moment
            changes.append((from_status, to_status, actor, reason, moment))
        if changes and changes[-1][4] >= self.anchor:
            # Pushed past today by the author's join date: squeeze the tail into the past, keeping the order.
            overflow = changes[-1][4] - self.anchor + HOUR
            changes = [(*c[:4], c[4] - overflow) for c in changes]
            created -= overflow
            published = published - overflow if published else None
            submitted = submitted - overflow if submitted else None
            collecting_until = collecting_until - overflow if collecting_until else None
        collecting = None
        if published is not None:
            collecting = (published, collecting_until if collecting_until is not None else self.anchor - 1)
        return {
            "created": created, "submitted": submitted, "published": published, "changes": changes,
            "collecting": collecting, "reach_candidate": reach_candidate and reached_possible,
            "forwarded_by_moderator": forwarded_by_moderator,
        }

    # -- support counts -----------------------------------------------------------------------------------------

    def pool_for(self, plan: Plan, count: int) -> list[int]:
        """Residents who support it: its district's while there are plenty of them, else the whole city."""
        local = self.users_by_district.get(plan.district_id, []) if plan.district_id else []
        if len(local) >= LOCAL_POOL_FACTOR * (count + 1):
            return local
        return self.user_ids

    def plan_support_counts(self) -> None:
        """Exactly `size.supports` supports over the initiatives that collected them.

        Some candidates of consideration reach their threshold exactly (the support that
        reaches it ends the collection); the remaining supports are spread with a heavy tail
        over everything else that collected, each staying below its threshold.
        """
        rng, total = self.rng, self.size.supports
        voters = len(self.user_ids)
        collected = [p for p in self.plans if p.collecting is not None]
        budget = int(total * REACHED_BUDGET)
        for plan in collected:
            # Reaching the threshold needs that many residents besides the author.
            if plan.reach_candidate and plan.threshold and plan.threshold <= voters - 1 and plan.threshold <= budget:
                plan.reached, plan.supports = True, plan.threshold
                budget -= plan.threshold
            elif plan.reach_candidate:
                # Not enough supports or residents for it: a moderator forwarded it instead.
                plan.reach_candidate = False
                for index, change in enumerate(plan.changes):
                    if change[2] == "system" and change[1] == S.CONSIDERATION:
                        plan.changes[index] = (change[0], change[1], "moderator", rng.choice(texts.FORWARD_REASONS),
                                               change[4])
        remaining = total - sum(p.supports for p in collected)
        open_plans = [p for p in collected if not p.reached]
        caps = [max(0, min((p.threshold or 1) - 1, voters - 1)) for p in open_plans]
        weights = [rng.paretovariate(1.3) for _ in open_plans]
        counts = _allocate(remaining, weights, caps, rng)
        for plan, count in zip(open_plans, counts, strict=True):
            plan.supports = count

    # -- supports and follows -----------------------------------------------------------------------------------

    def make_supports(self) -> None:
        started = time.monotonic()
        rng = self.rng
        follow_quota = self.size.follow_count()
        supports_written = follows_written = 0
        support_rows: list[tuple[int, int, dt.datetime]] = []
        follow_rows: list[tuple[int, int, dt.datetime]] = []

        def flush() -> None:
            nonlocal supports_written, follows_written
            supports_written += self._write_pairs(Support, support_rows)
            follows_written += self._write_pairs(Follow, follow_rows)
            support_rows.clear()
            follow_rows.clear()

        for plan in self.plans:
            if not plan.supports:
                continue
            pool = self.pool_for(plan, plan.supports)
            chosen = [u for u in rng.sample(pool, plan.supports + 1) if u != plan.author_id][: plan.supports]
            start, end = plan.collecting
            for user_id in chosen:
                moment = rng.randrange(max(start, self.joined.get(user_id, start)), max(start, end) + 1)
                support_rows.append((plan.id, user_id, moment))
                if follows_written + len(follow_rows) < follow_quota:
                    follow_rows.append((plan.id, user_id, moment))
            if len(support_rows) >= CHUNK:
                flush()
        flush()
        self.report.counts["supports"] = supports_written
        self.report.counts["follows"] = follows_written
        self.phase("поддержки и подписки", started, supports_written + follows_written)

    def _write_pairs(self, model: type[models.Model], rows: list[tuple[int, int, int]]) -> int:
        """(initiative, user, timestamp) rows of Support or Follow, formatted straight into COPY on PostgreSQL."""
        if not rows:
            return 0
        ids = self.writer.reserve_ids(model, len(rows))
        columns = ("id", "initiative_id", "user_id", "created_at")
        if not self.writer.postgres:
            return self.writer.write(model, columns, (
                (pk, initiative, user, self.moment(ts)) for pk, (initiative, user, ts) in zip(ids, rows, strict=True)
            ))
        buffer = io.StringIO()
        buffer.writelines(
            f"{pk}\t{initiative}\t{user}\t{self.moment(ts).isoformat()}\n"
            for pk, (initiative, user, ts) in zip(ids, rows, strict=True)
        )
        self.writer.copy_buffer(model, columns, buffer)
        return len(rows)

    # -- timelines ----------------------------------------------------------------------------------------------

    def make_status_changes(self) -> None:
        started = time.monotonic()
        total = sum(len(plan.changes) for plan in self.plans)
        ids = iter(self.writer.reserve_ids(StatusChange, total))
        rng = self.rng

        def rows():
            for plan in self.plans:
                for from_status, to_status, actor, reason, moment in plan.changes:
                    if actor == "author":
                        actor_id = plan.author_id
                    elif actor == "moderator":
                        actor_id = self.city.moderator(rng, plan.district_id)
                    else:
                        actor_id = None
                    yield (next(ids), plan.id, from_status, to_status, actor_id, reason, self.moment(moment))

        columns = ("id", "initiative_id", "from_status", "to_status", "actor_id", "reason", "created_at")
        written = self.writer.write(StatusChange, columns, rows())
        self.report.counts["status_changes"] = written
        self.phase("история статусов", started, written)

    # -- comments -----------------------------------------------------------------------------------------------

    def make_comments(self) -> None:
        started = time.monotonic()
        rng, n = self.rng, self.size.comments
        visible = [p for p in self.plans if p.row["published_at"] is not None]
        if not visible or not n:
            self.report.counts["comments"] = 0
            self.phase("комментарии", started, 0)
            return
        # Popular initiatives are discussed more.
        pick = _weighted_picker(rng, visible, [1 + p.supports for p in visible])
        per_plan = Counter(pick().id for _ in range(n))
        ids = iter(self.writer.reserve_ids(Comment, n))
        columns = ("id", "initiative_id", "author_id", "parent_id", "body", "created_at", "edited_at", "is_hidden",
                   "awaiting_moderation", "hidden_reason", "moderated_by_id", "report_count")

        def rows():
            for plan in visible:
                count = per_plan.get(plan.id, 0)
                if not count:
                    continue
                start = plan.collecting[0] if plan.collecting else self.anchor - DAY
                end = max(start + 1, min(self.anchor - 1, start + 365 * DAY))
                moments = sorted(rng.randrange(start, end) for _ in range(count))
                top_level: list[int] = []
                for moment in moments:
                    pk = next(ids)
                    if top_level and rng.random() < 0.25:
                        parent, body = rng.choice(top_level), rng.choice(texts.REPLIES)
                        author = plan.author_id if rng.random() < 0.5 else rng.choice(self.user_ids)
                    else:
                        parent, body = None, rng.choice(texts.COMMENTS)
                        author = rng.choice(self.user_ids)
                        top_level.append(pk)
                    hidden = rng.random() < 0.01
                    edited = self.moment(moment + rng.randrange(60, 900)) if rng.random() < 0.03 else None
                    yield (
                        pk, plan.id, author, parent, body, self.moment(moment), edited, hidden, False,
                        rng.choice(texts.HIDDEN_REASONS) if hidden else "",
                        self.city.moderator(rng, plan.district_id) if hidden else None, 0,
                    )

        written = self.writer.write(Comment, columns, rows())
        self.report.counts["comments"] = written
        self.phase("комментарии", started, written)


def _allocate(total: int, weights: Sequence[float], caps: Sequence[int], rng: random.Random) -> list[int]:
    """Integers summing to `total`, proportional to `weights` (largest remainders), none above its cap.

    Water-filling: whoever's share exceeds the cap gets the cap, and the rest is shared again
    among the others; a few rounds at most, each linear.
    """
    counts = [0] * len(weights)
    remaining = total
    active = [i for i, cap in enumerate(caps) if cap > 0]
    while active and remaining > 0:
        weight_sum = sum(weights[i] for i in active)
        saturated = {i for i in active if remaining * weights[i] >= caps[i] * weight_sum}
        if not saturated:
            break
        for i in saturated:
            counts[i] = caps[i]
            remaining -= caps[i]
        active = [i for i in active if i not in saturated]
    if remaining > 0 and active:
        weight_sum = sum(weights[i] for i in active)
        shares = {i: remaining * weights[i] / weight_sum for i in active}
        for i in active:
            counts[i] = min(int(shares[i]), caps[i])
            remaining -= counts[i]
        by_fraction = sorted(active, key=lambda i: (counts[i] - shares[i], i))
        for i in itertools.chain(by_fraction, rng.sample(active, len(active))):
            if remaining <= 0:
                break
            if counts[i] < caps[i]:
                counts[i] += 1
                remaining -= 1
    if remaining > 0:
        raise ValueError(
            f"Не хватает инициатив или жителей для {total} поддержек: некуда поставить ещё {remaining}."
        )
    return counts


def load_city(
    size: CitySize | None = None, *, seed: int = SEED, today: dt.date | None = None, using: str = DEFAULT_DB_ALIAS,
    log: Callable[[str], None] = print,
) -> CityReport:
    """Write the city-scale data once; a second call finds the residents and does nothing."""
    return CityGenerator(size or CitySize(), seed=seed, today=today, using=using, log=log).run()
