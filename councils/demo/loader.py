"""The councils' demo loader: districts, microdistricts, addresses, TOS and councils (rosters in rosters.py)."""

from __future__ import annotations

import datetime as dt
import random
from collections import Counter
from typing import Any

from django.core.exceptions import ValidationError
from django.core.management.base import CommandError
from django.db import models

from councils.addresses import normalize_house, normalize_street
from councils.demo import random_for
from councils.demo.contacts import TOS_MAIL_DOMAIN, WORK_MAIL_DOMAIN
from councils.demo.districts import DISTRICTS
from councils.demo.meetings import (
    PUBLIC_COUNCIL_PLACES,
)
from councils.demo.microdistricts import MICRODISTRICTS
from councils.demo.people import (
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
    District,
    Microdistrict,
    MicrodistrictManager,
)

from .helpers import (
    LAST_CHARTER_DATE,
    Address,
    Facilities,
    M,
    make_ogrn,
    phone,
    plan_addresses,
    random_date,
    short_address,
    short_street,
)
from .rosters import RostersMixin


class DemoLoader(RostersMixin):
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
                # Both languages named outright: the values land in their columns whatever language is active.
                "name_ru": d.name, "name_en": d.name_en, "description_ru": d.description,
                "description_en": d.description_en, "population": d.population, "sort_order": d.sort_order,
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
