"""`manage.py load_demo`: fill the database with realistic demo content for Tolyatti.

Creates the three districts, 85 microdistricts with their public councils and
addresses for the finder, the district coordination councils, 58 TOS, council
rosters and meetings, microdistrict managers and one login per role.

Idempotent: every row is found by a natural key (slug, e-mail, address, council
+ name, council + agenda) and only created or changed when it differs from the
demo data, so a second run writes nothing. All randomness comes from seeded
generators (councils.demo.random_for), which is what makes the data repeatable.

Meant for development and demo installations: a row found by its natural key
is brought back to the demo values (an address typed in by hand is moved to its
demo microdistrict, for instance). Demo accounts get a published password, so
without DEBUG the command wants DEMO_PASSWORD (or --no-users).
"""

from __future__ import annotations

import datetime as dt
import itertools
import os
import random
import time
from collections import Counter
from dataclasses import dataclass
from typing import Any, TypeVar

from allauth.account.models import EmailAddress
from django.conf import settings
from django.contrib.auth.hashers import make_password
from django.contrib.auth.models import Group
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.management.base import BaseCommand, CommandError, CommandParser
from django.db import models, transaction
from django.utils import timezone

from accounts.mfa import DEMO_STAFF_TOTP_SECRET, enrol_totp
from accounts.models import ConsentText, PersonalDataConsent, User
from accounts.roles import sync_role_groups
from accounts.services import consent_record
from councils.addresses import normalize_house, normalize_street
from councils.demo import random_for, translit
from councils.demo.contacts import OFFICE_ROOMS, RECEPTION_HOURS, TOS_MAIL_DOMAIN, WORK_MAIL_DOMAIN
from councils.demo.districts import DISTRICTS, DistrictDef
from councils.demo.logins import DEFAULT_PASSWORD, DEMO_ACCOUNTS, ENV_VAR
from councils.demo.meetings import (
    COORDINATION_TOPICS,
    PUBLIC_COUNCIL_PLACES,
    PUBLIC_COUNCIL_TOPICS,
    TOS_COUNCIL_TOPICS,
)
from councils.demo.microdistricts import MICRODISTRICTS, MicrodistrictDef
from councils.demo.people import (
    POSITION_TOS,
    POSITIONS_CITY_DEPUTY,
    POSITIONS_HOUSE,
    POSITIONS_OTHER,
    POSITIONS_TOS_COUNCIL,
    Person,
    make_person,
)
from councils.demo.tos import (
    BUILDING,
    BUILDINGS,
    ENTRANCE,
    FIRST_TOS_REGISTERED_ON,
    GOALS,
    MICRODISTRICT,
    TOS_LIST,
    TOSDef,
)
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
from forum.demo import load_forum_demo
from initiatives.demo.sample import load_initiatives_demo

M = TypeVar("M", bound=models.Model)
Address = tuple[str, str]  # (street, house) as residents write them

# The models the summary reports, in the order pages use them.
SUMMARY_MODELS: tuple[type[models.Model], ...] = (
    District, Microdistrict, Building, Council, CouncilMember, CouncilMeeting, TOS, MicrodistrictManager,
    User, EmailAddress, PersonalDataConsent,
)
# Public councils with meetings: the first ones of each district (plus all coordination councils and a few
# TOS councils) — enough for every listing to look alive without thousands of rows.
MEETING_COUNCILS_PER_DISTRICT = 8
MEETING_TOS_COUNCILS = 6
MEETING_TIME = dt.time(18, 0)  # councils meet after working hours
# Fixed bounds for drawn dates: data that depends on the day of the run would change on every run.
LAST_CHARTER_DATE = dt.date(2025, 11, 30)
LAST_TERM_START = dt.date(2025, 12, 31)

_SHORT_STREET_KINDS = (
    ("улица ", "ул. "), ("бульвар ", "б-р "), (" бульвар", " б-р"), ("проспект ", "пр-т "), (" проспект", " пр-т"),
    ("площадь ", "пл. "), (" площадь", " пл."), (" шоссе", " ш."),
)


@dataclass(frozen=True)
class Facilities:
    """Numbered institutions serving a microdistrict; rosters, places and agendas refer to them."""

    school: int
    kindergarten: int
    clinic: int
    library: int


def short_street(street: str) -> str:
    """«улица Баныкина» → «ул. Баныкина»: abbreviations spare declining street names inside positions."""
    for full, short in _SHORT_STREET_KINDS:
        if full in street:
            return street.replace(full, short, 1)
    return street


def short_address(address: Address) -> str:
    street, house = address
    return f"{short_street(street)}, д. {house}"


def plan_addresses(definitions: tuple[MicrodistrictDef, ...]) -> dict[str, list[Address]]:
    """House numbers per microdistrict, handed out along each street in table order.

    Each street (by its normalised key, so «б-р Гая» and «бульвар Гая» are one)
    keeps a running house number, so two microdistricts on one street get
    disjoint ranges and the unique address constraint always holds.
    """
    next_number: dict[str, int] = {}
    plan: dict[str, list[Address]] = {}
    for md in definitions:
        addresses: list[Address] = []
        for street, count in md.streets:
            key = normalize_street(street)
            # One generator per street, re-created each time at the right position: the numbers on a
            # street depend only on the street and how many houses came before, not on other streets.
            rng = random_for("houses", key, next_number.get(key, 1))
            number = next_number.get(key, 1)
            made = 0
            while made < count:
                addresses.append((street, str(number)))
                made += 1
                if made < count and rng.random() < 0.15:
                    addresses.append((street, f"{number}А"))
                    made += 1
                number += rng.choice((1, 2, 2))
            next_number[key] = number
        plan[md.slug] = addresses
    return plan


def minimal_pdf(lines: list[str]) -> bytes:
    """A one-page PDF with the given lines, built by hand (no PDF library is needed for a demo file).

    The standard Helvetica font has no Cyrillic, so the text is transliterated
    and anything else outside ASCII is dropped.
    """
    def escape(text: str) -> str:
        ascii_text = translit(text).replace("«", '"').replace("»", '"').replace("№", "No.").replace("—", "-")
        ascii_text = ascii_text.encode("ascii", "ignore").decode()
        return ascii_text.replace("\\", "\\\\").replace("(", "\\(").replace(")", "\\)")

    text_ops = ["BT", "/F1 14 Tf", "56 780 Td", "18 TL"]
    for line in lines:
        text_ops.append(f"({escape(line)}) Tj T*")
    text_ops.append("ET")
    stream = "\n".join(text_ops).encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 595 842] /Resources << /Font << /F1 4 0 R >> >> "
        b"/Contents 5 0 R >>",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
        b"<< /Length %d >>\nstream\n%s\nendstream" % (len(stream), stream),
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref_at = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    for offset in offsets:
        out += b"%010d 00000 n \n" % offset
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref_at)
    return bytes(out)


def make_ogrn(rng: random.Random, year: int) -> str:
    """A well-formed 13-digit OGRN: 1, year, region 63 (Samara), inspection, number, check digit."""
    # OGRNs exist from 2002: older organisations got theirs when re-registered that year.
    body = f"1{max(year, 2002) % 100:02d}6300{rng.randint(0, 99_999):05d}"
    return body + str(int(body) % 11 % 10)


def phone(rng: random.Random, district: DistrictDef) -> str:
    return f"+7 8482 {rng.choice(district.phone_prefixes)}-{rng.randint(10, 99)}-{rng.randint(10, 99)}"


def random_date(rng: random.Random, start: dt.date, end: dt.date) -> dt.date:
    return start + dt.timedelta(days=rng.randint(0, (end - start).days))


class DemoLoader:
    """Writes the demo data entity by entity, counting what it created and changed."""

    def __init__(self, *, today: dt.date) -> None:
        self.today = today
        self.created: Counter[type[models.Model]] = Counter()
        self.updated: Counter[type[models.Model]] = Counter()
        self.district_defs = {d.slug: d for d in DISTRICTS}
        self.md_defs = {md.slug: md for md in MICRODISTRICTS}
        self.addresses = plan_addresses(MICRODISTRICTS)
        self.facilities = {slug: self._facilities(slug) for slug in self.md_defs}
        self.tos_by_md: dict[str, list[TOSDef]] = {}
        for tos_def in TOS_LIST:
            self.tos_by_md.setdefault(tos_def.microdistrict, []).append(tos_def)
        self.districts: dict[str, District] = {}
        self.microdistricts: dict[str, Microdistrict] = {}
        self.tos: dict[str, TOS] = {}
        self.tos_chairs: dict[str, Person] = {}
        self.tos_addresses: dict[str, Address] = {}  # where each TOS council sits
        self.fresh: set[tuple[type[models.Model], int]] = set()  # rows created by this run
        self.public_councils: dict[str, Council] = {}  # by microdistrict slug
        self.coordination_councils: dict[str, Council] = {}  # by district slug
        self.tos_councils: dict[str, Council] = {}  # by TOS slug
        self.council_chairs: dict[str, Person] = {}  # by council slug
        self.first_managers: dict[str, tuple[MicrodistrictManager, Person]] = {}  # by district slug
        self.warnings: list[str] = []

    # --- writing helpers ------------------------------------------------------------------------------------

    def upsert(
        self, model: type[M], lookup: dict[str, Any], values: dict[str, Any], *,
        create_only: dict[str, Any] | None = None, clean: bool = True,
    ) -> M:
        """Find the row by its natural key; create it, or save only the fields that differ.

        `create_only` values (dates relative to today) are set on creation and
        never compared, so a later run on another day changes nothing.
        """
        obj = model._default_manager.filter(**lookup).first()
        created = obj is None
        if obj is None:
            obj = model(**lookup, **values, **(create_only or {}))
            changed = []
        else:
            changed = [name for name, value in values.items() if getattr(obj, name) != value]
            for name in changed:
                setattr(obj, name, values[name])
        if not created and not changed:
            return obj
        if clean:
            try:
                # Field and model rules (clean()) only: foreign keys, uniqueness and check constraints are
                # enforced by the database anyway, and validating them here too would double the queries.
                relations = [f.name for f in model._meta.concrete_fields if f.is_relation]
                obj.full_clean(exclude=relations, validate_unique=False, validate_constraints=False)
            except ValidationError as error:
                # Usually a clash with data entered by hand (same name, another slug): say which row.
                raise CommandError(f"{model._meta.verbose_name} {lookup}: {error}") from error
        if created:
            obj.save()
            self.created[model] += 1
            self.fresh.add((model, obj.pk))
        else:
            obj.save(update_fields=changed)
            self.updated[model] += 1
        return obj

    def sync_m2m(self, obj: models.Model, manager: Any, ids: list[int]) -> None:
        if set(manager.values_list("pk", flat=True)) != set(ids):
            manager.set(ids)
            self.count_update(obj)

    def count_update(self, obj: models.Model) -> None:
        # Linking a row created by this same run is part of creating it, not a change.
        if (type(obj), obj.pk) not in self.fresh:
            self.updated[type(obj)] += 1

    def _facilities(self, md_slug: str) -> Facilities:
        rng = random_for("facilities", md_slug)
        return Facilities(
            school=rng.randint(2, 94), kindergarten=rng.randint(1, 210), clinic=rng.randint(1, 5),
            library=rng.randint(1, 20),
        )

    def _context(self, md_slug: str, rng: random.Random) -> dict[str, Any]:
        """Placeholder values for positions, places and agendas of one microdistrict."""
        facilities = self.facilities[md_slug]
        street, house = rng.choice(self.addresses[md_slug])
        md = self.md_defs[md_slug]
        return {
            "street": street, "house": house, "address": short_address((street, house)),
            "school": facilities.school, "kindergarten": facilities.kindergarten, "clinic": facilities.clinic,
            "library": facilities.library, "microdistrict": md.name,
            "district": self.district_defs[md.district].genitive,
        }

    # --- entities -------------------------------------------------------------------------------------------

    def load_districts(self) -> None:
        for d in DISTRICTS:
            self.districts[d.slug] = self.upsert(District, {"slug": d.slug}, {
                "name": d.name, "population": d.population, "description": d.description,
                "sort_order": d.sort_order,
            })

    def load_microdistricts(self) -> None:
        for md in MICRODISTRICTS:
            self.microdistricts[md.slug] = self.upsert(Microdistrict, {"slug": md.slug}, {
                "district_id": self.districts[md.district].pk, "name": md.name, "number": md.number,
                "latitude": md.latitude, "longitude": md.longitude, "population": md.population,
                "description": md.description,
            })

    def load_buildings(self) -> None:
        # Thousands of rows: compared and written in bulk rather than one query per address.
        wanted: dict[tuple[str, str], tuple[int, str, str]] = {}
        for slug, addresses in self.addresses.items():
            for street, house in addresses:
                key = (normalize_street(street), normalize_house(house))
                if key in wanted:
                    raise CommandError(f"Адрес «{street}, {house}» встречается в демо-данных дважды.")
                wanted[key] = (self.microdistricts[slug].pk, street, house)
        existing = {
            (b.street_key, b.house_key): b
            for b in Building.objects.filter(street_key__in={street_key for street_key, _ in wanted})
        }
        to_create: list[Building] = []
        to_update: list[Building] = []
        for (street_key, house_key), (md_id, street, house) in wanted.items():
            building = existing.get((street_key, house_key))
            if building is None:
                to_create.append(Building(
                    microdistrict_id=md_id, street=street, house=house, street_key=street_key, house_key=house_key,
                ))
            elif (building.microdistrict_id, building.street, building.house) != (md_id, street, house):
                building.microdistrict_id, building.street, building.house = md_id, street, house
                to_update.append(building)
        # bulk_create skips Building.save(), which is why the keys are filled in above.
        Building.objects.bulk_create(to_create, batch_size=500)
        Building.objects.bulk_update(to_update, ["microdistrict", "street", "house"], batch_size=500)
        self.created[Building] += len(to_create)
        self.updated[Building] += len(to_update)

    def load_tos(self) -> None:
        for tos_def in TOS_LIST:
            rng = random_for("tos", tos_def.slug)
            md = self.md_defs[tos_def.microdistrict]
            district = self.district_defs[md.district]
            registered_on = tos_def.registered_on or random_date(
                rng, dt.date(tos_def.since, 1, 1), LAST_CHARTER_DATE,
            )
            decision_date = registered_on - dt.timedelta(days=rng.randint(14, 75))
            # About a third of TOS are registered as NKOs; the oldest one certainly is.
            is_legal_entity = rng.random() < 0.3 or tos_def.registered_on == FIRST_TOS_REGISTERED_ON
            chair = make_person(rng)
            self.tos_chairs[tos_def.slug] = chair
            territory, residents, self.tos_addresses[tos_def.slug] = self._territory(tos_def, rng)
            goals = rng.sample(GOALS, k=rng.randint(3, 5))
            self.tos[tos_def.slug] = tos = self.upsert(TOS, {"slug": tos_def.slug}, {
                "name": tos_def.name, "district_id": self.districts[district.slug].pk,
                "territory_kind": tos_def.kind, "territory_description": territory,
                "goals": "\n".join(f"— {goal};" for goal in goals[:-1]) + f"\n— {goals[-1]}.",
                "boundaries_decision_date": decision_date,
                "boundaries_decision_number": str(rng.randint(120, 2900)),
                "charter_registered_on": registered_on, "is_legal_entity": is_legal_entity,
                "ogrn": make_ogrn(rng, registered_on.year) if is_legal_entity else "",
                "chair_name": chair.full_name, "residents_covered": residents,
                "contact_email": f"{tos_def.slug}@{TOS_MAIL_DOMAIN}" if rng.random() < 0.5 else "",
                "contact_phone": phone(rng, district) if rng.random() < 0.6 else "",
                "status": TOS.Status.LIQUIDATED if tos_def.liquidated_on else TOS.Status.ACTIVE,
                "liquidated_on": tos_def.liquidated_on,
            })
            self.sync_m2m(tos, tos.microdistricts, [self.microdistricts[md.slug].pk])

    def _territory(self, tos_def: TOSDef, rng: random.Random) -> tuple[str, int, Address]:
        """The territory text from the microdistrict's real demo addresses, and how many live there."""
        md = self.md_defs[tos_def.microdistrict]
        addresses = self.addresses[md.slug]
        if tos_def.kind == MICRODISTRICT:
            parts = []
            for street in md.street_names:
                houses = [house for s, house in addresses if s == street]
                parts.append(f"{street}, дома {houses[0]}–{houses[-1]}")
            text = f"Микрорайон {md.name} в границах: " + "; ".join(parts) + "."
            return text, md.population, addresses[0]
        street = tos_def.street or md.street_names[0]
        on_street = [address for address in addresses if address[0] == street]
        if tos_def.kind in (ENTRANCE, BUILDING):
            address = rng.choice(on_street)
            if tos_def.kind == ENTRANCE:
                return f"{short_address(address)}, подъезд {rng.randint(1, 8)}", rng.randint(40, 150), address
            return short_address(address), rng.randint(150, 600), address
        assert tos_def.kind == BUILDINGS
        size = min(len(on_street), rng.randint(3, 6))
        start = rng.randint(0, len(on_street) - size)
        houses = ", ".join(house for _, house in on_street[start:start + size])
        return f"{short_street(street)}, д. {houses}", rng.randint(600, 3000), on_street[start]

    def load_councils(self) -> None:
        for d in DISTRICTS:
            self.coordination_councils[d.slug] = self.upsert(
                Council, {"slug": f"koordinatsionnyy-sovet-{d.slug}"}, {
                    "kind": Council.Kind.DISTRICT_COORDINATION, "name": f"Координационный совет {d.genitive}",
                    "district_id": self.districts[d.slug].pk, "microdistrict_id": None, "tos_id": None,
                    "description": (
                        f"Координирует работу общественных советов микрорайонов {d.genitive}, готовит "
                        "предложения району и городу, обобщает лучшие практики. В составе — председатели "
                        "общественных советов, представители ТОС, депутаты и администрация района."
                    ),
                    "contact_email": f"ks.{d.slug}@{WORK_MAIL_DOMAIN}",
                    "contact_phone": phone(random_for("council-phone", d.slug), d),
                    "meeting_place": f"Администрация {d.genitive}, зал заседаний", "is_active": True,
                },
            )
        for md in MICRODISTRICTS:
            rng = random_for("council", md.slug)
            context = self._context(md.slug, rng)
            self.public_councils[md.slug] = self.upsert(Council, {"slug": f"obshchestvennyy-sovet-{md.slug}"}, {
                "kind": Council.Kind.MICRODISTRICT_PUBLIC, "name": f"Общественный совет {md.council_label}",
                "district_id": self.districts[md.district].pk, "microdistrict_id": self.microdistricts[md.slug].pk,
                "tos_id": None,
                "description": (
                    "Объединяет старших по домам, депутатов, представителей школ и детских садов, поликлиники, "
                    "учреждений культуры и социальной защиты, участкового уполномоченного полиции. Заседания — "
                    "раз в квартал; предложить вопрос в повестку может любой житель микрорайона."
                ),
                "contact_email": f"osm.{md.slug}@{WORK_MAIL_DOMAIN}",
                "contact_phone": phone(rng, self.district_defs[md.district]),
                "meeting_place": rng.choice(PUBLIC_COUNCIL_PLACES).format(**context), "is_active": True,
            })
        for tos_def in TOS_LIST:
            if not tos_def.has_council:
                continue
            tos = self.tos[tos_def.slug]
            self.tos_councils[tos_def.slug] = self.upsert(Council, {"slug": f"sovet-{tos_def.slug}"}, {
                "kind": Council.Kind.TOS_COUNCIL, "name": f"Совет {tos_def.name}", "district_id": tos.district_id,
                "microdistrict_id": None, "tos_id": tos.pk,
                "description": (
                    "Исполнительный орган ТОС: избирается собранием (конференцией) жителей, организует "
                    "выполнение его решений и отчитывается перед жителями не реже раза в год."
                ),
                "contact_email": tos.contact_email, "contact_phone": tos.contact_phone,
                "meeting_place": f"Помещение совета ТОС, {short_address(self.tos_addresses[tos_def.slug])}",
                "is_active": tos.status == TOS.Status.ACTIVE,
            })

    def load_members(self) -> None:
        rows: list[CouncilMember] = []
        for md in MICRODISTRICTS:
            rows += self._public_council_roster(self.public_councils[md.slug], md)
        for d in DISTRICTS:
            rows += self._coordination_roster(self.coordination_councils[d.slug], d)
        for tos_slug, council in self.tos_councils.items():
            rows += self._tos_council_roster(council, tos_slug)
        self._sync_members(rows)

    def _public_council_roster(self, council: Council, md: MicrodistrictDef) -> list[CouncilMember]:
        rng = random_for("members", council.slug)
        taken: set[str] = set()
        context = self._context(md.slug, rng)
        tos_names = [t.name for t in self.tos_by_md.get(md.slug, [])]
        # Who sits on an ОСМ (glossary): senior residents, deputies, school, police, clinic, culture, social work.
        required = [POSITIONS_HOUSE, POSITIONS_HOUSE, POSITIONS_CITY_DEPUTY, POSITIONS_OTHER[0], POSITIONS_OTHER[2]]
        optional = [p for p in POSITIONS_OTHER if p not in required] + [POSITIONS_HOUSE] * 3
        if tos_names:
            optional.append(POSITION_TOS)
        rng.shuffle(optional)
        positions = required + optional[: rng.randint(4, 8) + 3 - len(required)]
        rng.shuffle(positions)
        # A council is usually led by an active senior resident or the TOS.
        leader = next(p for p in positions if p in (POSITIONS_HOUSE, POSITION_TOS))
        positions.remove(leader)
        positions.insert(0, leader)
        houses = itertools.cycle(rng.sample(self.addresses[md.slug], k=len(self.addresses[md.slug])))
        term_start = dt.date(rng.choice((2023, 2024, 2025)), rng.randint(1, 12), rng.randint(1, 28))
        roles = [CouncilMember.Role.CHAIR, CouncilMember.Role.DEPUTY_CHAIR, CouncilMember.Role.SECRETARY]
        members: list[CouncilMember] = []
        for index, template in enumerate(positions):
            person = make_person(rng, taken=taken)
            if index == 0:
                self.council_chairs[council.slug] = person
            values = {**context, "address": short_address(next(houses)), "tos": rng.choice(tos_names or [""])}
            members.append(CouncilMember(
                council_id=council.pk, full_name=person.full_name,
                role=roles[index] if index < len(roles) else CouncilMember.Role.MEMBER,
                position=template[person.gender].format(**values), term_start=term_start, term_end=None,
            ))
        # Some councils keep their previous chair and members in the history.
        if rng.random() < 0.35:
            past_start = dt.date(term_start.year - 4, rng.randint(1, 12), rng.randint(1, 28))
            for index in range(rng.randint(1, 2)):
                person = make_person(rng, taken=taken)
                values = {**context, "address": short_address(next(houses))}
                members.append(CouncilMember(
                    council_id=council.pk, full_name=person.full_name,
                    role=CouncilMember.Role.CHAIR if index == 0 else CouncilMember.Role.MEMBER,
                    position=POSITIONS_HOUSE[person.gender].format(**values),
                    term_start=past_start, term_end=term_start - dt.timedelta(days=1),
                ))
        return members

    def _coordination_roster(self, council: Council, d: DistrictDef) -> list[CouncilMember]:
        rng = random_for("members", council.slug)
        term_start = dt.date(2024, 2, rng.randint(1, 28))
        district_mds = [md for md in MICRODISTRICTS if md.district == d.slug]
        chairs = rng.sample(district_mds, k=rng.randint(6, 8))
        members: list[CouncilMember] = []
        taken: set[str] = set()
        for index, md in enumerate(chairs):
            person = self.council_chairs[self.public_councils[md.slug].slug]
            taken.add(person.full_name)
            role = {0: CouncilMember.Role.CHAIR, 1: CouncilMember.Role.SECRETARY}.get(index, CouncilMember.Role.MEMBER)
            members.append(CouncilMember(
                council_id=council.pk, full_name=person.full_name, role=role,
                position=f"председатель общественного совета {md.council_label}", term_start=term_start,
            ))
        official = make_person(rng, taken=taken)
        members.append(CouncilMember(
            council_id=council.pk, full_name=official.full_name, role=CouncilMember.Role.DEPUTY_CHAIR,
            position=f"заместитель главы {d.genitive}", term_start=term_start,
        ))
        deputy = make_person(rng, taken=taken)
        members.append(CouncilMember(
            council_id=council.pk, full_name=deputy.full_name, role=CouncilMember.Role.MEMBER,
            position=POSITIONS_CITY_DEPUTY[deputy.gender], term_start=term_start,
        ))
        district_tos = [t for t in TOS_LIST if self.md_defs[t.microdistrict].district == d.slug and not t.liquidated_on]
        for tos_def in rng.sample(district_tos, k=2):
            chair = self.tos_chairs[tos_def.slug]
            if chair.full_name not in taken:
                taken.add(chair.full_name)
                members.append(CouncilMember(
                    council_id=council.pk, full_name=chair.full_name, role=CouncilMember.Role.MEMBER,
                    position=f"председатель {tos_def.name}", term_start=term_start,
                ))
        return members

    def _tos_council_roster(self, council: Council, tos_slug: str) -> list[CouncilMember]:
        rng = random_for("members", council.slug)
        tos = self.tos[tos_slug]
        tos_def = next(t for t in TOS_LIST if t.slug == tos_slug)
        chair = self.tos_chairs[tos_slug]
        taken = {chair.full_name}
        earliest = max(tos.charter_registered_on + dt.timedelta(days=30), dt.date(2022, 1, 1))
        term_start = random_date(rng, earliest, max(earliest, LAST_TERM_START))
        members = [CouncilMember(
            council_id=council.pk, full_name=chair.full_name, role=CouncilMember.Role.CHAIR,
            position="председатель ТОС", term_start=term_start,
        )]
        addresses = self.addresses[tos_def.microdistrict]
        for index in range(rng.randint(2, 4)):
            person = make_person(rng, taken=taken)
            template = rng.choice(POSITIONS_TOS_COUNCIL)
            members.append(CouncilMember(
                council_id=council.pk, full_name=person.full_name,
                role=CouncilMember.Role.SECRETARY if index == 0 else CouncilMember.Role.MEMBER,
                position=template[person.gender].format(address=short_address(rng.choice(addresses))),
                term_start=term_start,
            ))
        return members

    def _sync_members(self, rows: list[CouncilMember]) -> None:
        """Bulk create/update rosters; a member is known by council and full name."""
        fields = ("role", "position", "term_start", "term_end")
        existing = {
            (m.council_id, m.full_name): m
            for m in CouncilMember.objects.filter(council_id__in={row.council_id for row in rows})
        }
        to_create: list[CouncilMember] = []
        to_update: list[CouncilMember] = []
        for row in rows:
            current = existing.get((row.council_id, row.full_name))
            if current is None:
                to_create.append(row)
            elif any(getattr(current, f) != getattr(row, f) for f in fields):
                for f in fields:
                    setattr(current, f, getattr(row, f))
                to_update.append(current)
        CouncilMember.objects.bulk_create(to_create, batch_size=500)
        CouncilMember.objects.bulk_update(to_update, fields, batch_size=500)
        self.created[CouncilMember] += len(to_create)
        self.updated[CouncilMember] += len(to_update)

    def load_meetings(self) -> None:
        for d in DISTRICTS:
            council = self.coordination_councils[d.slug]
            md_slug = next(md.slug for md in MICRODISTRICTS if md.district == d.slug)
            self._meetings(council, COORDINATION_TOPICS, md_slug)
            district_mds = [md for md in MICRODISTRICTS if md.district == d.slug]
            for md in district_mds[:MEETING_COUNCILS_PER_DISTRICT]:
                self._meetings(self.public_councils[md.slug], PUBLIC_COUNCIL_TOPICS, md.slug)
        for tos_slug, council in list(self.tos_councils.items())[:MEETING_TOS_COUNCILS]:
            md_slug = next(t.microdistrict for t in TOS_LIST if t.slug == tos_slug)
            self._meetings(council, TOS_COUNCIL_TOPICS, md_slug, per_meeting=1)

    def _meetings(
        self, council: Council, topics: tuple[tuple[str, str], ...], md_slug: str, per_meeting: int = 2,
    ) -> None:
        """2–4 past meetings a quarter apart, and for some councils an upcoming one not yet published.

        Dates are relative to the day the demo is first loaded (so an upcoming
        meeting really is upcoming) and are set on creation only; a meeting is
        found again by its council and agenda.
        """
        rng = random_for("meetings", council.slug)
        upcoming = int(rng.random() < 0.5)
        # Every meeting needs its own topics: the agenda is what finds a meeting again.
        past = min(rng.randint(2, 4), len(topics) // per_meeting - upcoming)
        chosen = rng.sample(topics, k=(past + upcoming) * per_meeting)
        context = self._context(md_slug, rng)
        place = council.meeting_place or context["street"]
        for index in range(past + upcoming):
            items = chosen[index * per_meeting:(index + 1) * per_meeting]
            agenda = "\n".join(f"{n}. {item.format(**context)}" for n, (item, _) in enumerate(items, start=1))
            agenda += f"\n{len(items) + 1}. Разное."
            if index < past:
                day = self.today - dt.timedelta(days=90 * (past - index - 1) + rng.randint(7, 40))
                day -= dt.timedelta(days=(day.weekday() - 1) % 7)  # back to a Tuesday
                # The latest minutes of some councils are still being approved.
                published = not (index == past - 1 and rng.random() < 0.2)
            else:
                day = self.today + dt.timedelta(days=rng.randint(7, 25))
                day += dt.timedelta(days=(3 - day.weekday()) % 7)  # on to a Thursday
                published = False
            decisions = (
                "\n".join(f"{n}. {decision.format(**context)}" for n, (_, decision) in enumerate(items, start=1))
                if published else ""
            )
            meeting = self.upsert(
                CouncilMeeting, {"council_id": council.pk, "agenda": agenda},
                {"place": place, "decisions": decisions, "is_published": published},
                create_only={"held_at": timezone.make_aware(dt.datetime.combine(day, MEETING_TIME))},
            )
            if published and not meeting.minutes_file:
                self._attach_minutes(meeting, council)

    def _attach_minutes(self, meeting: CouncilMeeting, council: Council) -> None:
        held = timezone.localtime(meeting.held_at)
        pdf = minimal_pdf([
            "Protokol zasedaniya",
            council.name,
            f"{held:%d.%m.%Y}, {meeting.place}",
            "Demonstratsionnyy dokument portala Samoupravlenie Tolyatti",
        ])
        meeting.minutes_file.save(f"protokol-{council.slug}-{held:%Y-%m-%d}.pdf", ContentFile(pdf), save=True)

    def load_managers(self) -> None:
        for d in DISTRICTS:
            rng = random_for("managers", d.slug)
            mds = [md for md in MICRODISTRICTS if md.district == d.slug]
            groups: list[list[MicrodistrictDef]] = []
            while mds:
                size = rng.choice((2, 3, 4))
                # Never leave a single microdistrict for the last manager: each has 2–4.
                size = len(mds) if len(mds) <= 4 else min(size, len(mds) - 2)
                groups.append(mds[:size])
                mds = mds[size:]
            for group in groups:
                person = make_person(rng)
                office = rng.choice(self.addresses[group[0].slug])
                manager = self.upsert(
                    MicrodistrictManager, {"work_email": f"upravlyayushchiy.{group[0].slug}@{WORK_MAIL_DOMAIN}"}, {
                        "full_name": person.full_name, "district_id": self.districts[d.slug].pk,
                        "work_phone": phone(rng, d),
                        "office_address": f"{short_address(office)}, {rng.choice(OFFICE_ROOMS)}",
                        "reception_hours": rng.choice(RECEPTION_HOURS), "is_active": True,
                    },
                )
                self.sync_m2m(manager, manager.microdistricts, [self.microdistricts[md.slug].pk for md in group])
                self.first_managers.setdefault(d.slug, (manager, person))

    def load_users(self, password: str) -> None:
        groups = {group.name: group for group in Group.objects.all()}
        password_hash: str | None = None
        consent_text = ConsentText.current()
        if consent_text is None:
            # The consent text is a legal document published by a migration; the demo does not invent one.
            self.warnings.append("Нет действующего текста согласия на обработку ПДн: согласия не записаны.")
        for account in DEMO_ACCOUNTS:
            display_name = account.display_name
            manager = None
            if account.manages_in:
                manager, person = self.first_managers[account.manages_in]
                display_name = person.display_name
            values = {
                "display_name": display_name, "is_staff": account.is_staff, "is_superuser": account.is_superuser,
                "is_active": True,
                "moderated_district_id": self.districts[account.moderated_district].pk
                if account.moderated_district else None,
                "home_microdistrict_id": self.microdistricts[account.home_microdistrict].pk
                if account.home_microdistrict else None,
            }
            if password_hash is None and not User.objects.filter(email=account.email).exists():
                # One hash for all demo accounts: they share a published password, so a shared salt
                # gives nothing away, and hashing once keeps the command fast (PBKDF2 is slow by design).
                password_hash = make_password(password)
            user = self.upsert(User, {"email": account.email}, values, create_only={"password": password_hash},
                               clean=False)
            if not user.groups.filter(name=account.role).exists():
                user.groups.add(groups[account.role])
                self.count_update(user)
            self.upsert(EmailAddress, {"user_id": user.pk, "email": account.email},
                        {"verified": True, "primary": True}, clean=False)
            if account.is_staff:
                # The admin opens only with a second factor; the demo's secret is published.
                enrol_totp(user, DEMO_STAFF_TOTP_SECRET)
            if consent_text is not None and not user.consents.filter(consent_text=consent_text).exists():
                consent_record(user=user, consent_text=consent_text)
                self.created[PersonalDataConsent] += 1
            if manager is not None and manager.user_id != user.pk:
                MicrodistrictManager.objects.filter(user=user).exclude(pk=manager.pk).update(user=None)
                manager.user = user
                manager.save(update_fields=["user"])
                self.count_update(manager)

    def run(self, *, with_users: bool, password: str) -> None:
        self.load_districts()
        self.load_microdistricts()
        self.load_buildings()
        self.load_tos()
        self.load_councils()
        self.load_members()
        self.load_meetings()
        self.load_managers()
        if with_users:
            self.load_users(password)


class Command(BaseCommand):
    help = "Заполняет базу реалистичными демо-данными Тольятти (повторный запуск ничего не меняет)."

    def add_arguments(self, parser: CommandParser) -> None:
        parser.add_argument("--no-users", action="store_true", help="Не создавать демо-учётные записи.")
        parser.add_argument(
            "--scale", choices=("demo", "city"), default="demo",
            help="demo — обычные демо-данные; city — вдобавок к ним жители, инициативы и поддержки в масштабе "
            "города (initiatives.demo.city: 50 тыс. жителей, 100 тыс. инициатив, 1 млн поддержек).",
        )
        # Sizes of --scale city; smaller values make a quick sample (tests, a laptop).
        sizes = parser.add_argument_group("размеры --scale city")
        sizes.add_argument("--city-users", type=int, default=50_000, metavar="N")
        sizes.add_argument("--city-initiatives", type=int, default=100_000, metavar="N")
        sizes.add_argument("--city-supports", type=int, default=1_000_000, metavar="N")
        sizes.add_argument("--city-comments", type=int, default=200_000, metavar="N")
        sizes.add_argument("--city-follows", type=int, default=None, metavar="N",
                           help="по умолчанию — каждый поддержавший подписан (не больше 1 млн)")
        sizes.add_argument("--city-seed", type=int, default=None, metavar="N")

    def handle(self, *args: Any, no_users: bool = False, verbosity: int = 1, **options: Any) -> None:
        with_users = not no_users
        password, from_env = self._password() if with_users else ("", False)
        started = time.monotonic()
        loader = DemoLoader(today=timezone.localdate())
        with transaction.atomic():
            # The role groups must exist before demo users are put into them.
            sync_role_groups()
            loader.run(with_users=with_users, password=password)
            # After the registry: the forum links the districts' coordination councils,
            # and the initiatives sit in the demo microdistricts.
            load_forum_demo(stdout=self.stdout if verbosity else None)
            if with_users:
                # Initiatives need their authors, supporters and a moderator: demo people.
                load_initiatives_demo(stdout=self.stdout if verbosity else None)
        if verbosity:
            self._report(loader, time.monotonic() - started, with_users=with_users, from_env=from_env)
        if options.get("scale") == "city":
            self._load_city(options, verbosity)

    def _load_city(self, options: dict[str, Any], verbosity: int) -> None:
        # The city-scale residents have unusable passwords, so they need no DEMO_PASSWORD, even with --no-users.
        from initiatives.demo.city import SEED, CitySize, load_city

        size = CitySize(
            users=options["city_users"], initiatives=options["city_initiatives"], supports=options["city_supports"],
            comments=options["city_comments"], follows=options["city_follows"],
        )
        if min(size.users, size.initiatives, size.supports, size.comments) < 0:
            raise CommandError("Размеры --city-* не могут быть отрицательными.")

        def log(line: str) -> None:
            if verbosity:
                self.stdout.write(line)

        log("Данные в масштабе города:")
        seed = options["city_seed"] if options.get("city_seed") is not None else SEED
        try:
            report = load_city(size, seed=seed, log=log)
        except ValueError as error:
            raise CommandError(str(error)) from error
        if not report.skipped and verbosity:
            counts = ", ".join(f"{name} {count}" for name, count in report.counts.items())
            self.stdout.write(self.style.SUCCESS(f"Город загружен за {report.seconds:.1f} с: {counts}."))

    def _password(self) -> tuple[str, bool]:
        """The demo password and whether it came from the environment.

        A superuser with a published password must never appear on a reachable
        server, so without DEBUG the password has to be chosen explicitly.
        """
        env_password = os.environ.get(ENV_VAR, "")
        if env_password:
            try:
                validate_password(env_password)
            except ValidationError as error:
                raise CommandError(f"{ENV_VAR} не подходит: {' '.join(error.messages)}") from error
            return env_password, True
        if not settings.DEBUG:
            raise CommandError(
                f"DEBUG выключен: задайте пароль демо-учётных записей в переменной {ENV_VAR} "
                "или запустите с --no-users."
            )
        return DEFAULT_PASSWORD, False

    def _report(self, loader: DemoLoader, seconds: float, *, with_users: bool, from_env: bool) -> None:
        created, updated = sum(loader.created.values()), sum(loader.updated.values())
        self.stdout.write(self.style.SUCCESS(
            f"Демо-данные загружены за {seconds:.1f} с: создано записей {created}, изменено {updated}."
        ))
        for warning in loader.warnings:
            self.stdout.write(self.style.WARNING(warning))
        for model in SUMMARY_MODELS:
            line = f"  {model._meta.verbose_name_plural}: {model._default_manager.count()}"
            if loader.created[model] or loader.updated[model]:
                line += f" (новых {loader.created[model]}, изменено {loader.updated[model]})"
            self.stdout.write(line)
        public = Council.objects.filter(kind=Council.Kind.MICRODISTRICT_PUBLIC)
        by_district = ", ".join(
            f"{d.name} {public.filter(district=d).count()}" for d in District.objects.order_by("sort_order")
        )
        self.stdout.write(f"  общественные советы микрорайонов: {public.count()} ({by_district})")
        if not with_users:
            return
        where = f"из переменной {ENV_VAR}" if from_env else DEFAULT_PASSWORD
        self.stdout.write(f"Демо-входы (пароль: {where}; задаётся только при создании учётной записи):")
        for account in DEMO_ACCOUNTS:
            self.stdout.write(f"  {account.label}: {account.email}")
        self.stdout.write(
            f"Сотрудники входят в админку со вторым фактором: TOTP-секрет {DEMO_STAFF_TOTP_SECRET} "
            "(добавьте его в приложение-аутентификатор или получите текущий код командой "
            f"`python manage.py totp_code {DEMO_STAFF_TOTP_SECRET}`)."
        )
