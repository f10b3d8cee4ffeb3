"""Reads for the public registry pages.

Every list here is fetched with a fixed number of queries — select_related for single
relations, Prefetch with filtered querysets for many — so a page costs the same with
5 rows as with 500. Views only pick a selector and render.
"""

from __future__ import annotations

import dataclasses
import datetime as dt
import difflib
import re
from collections.abc import Iterable
from typing import Any

from django.db.models import Case, F, Func, IntegerField, OuterRef, Prefetch, Q, QuerySet, Subquery, Value, When
from django.db.models.functions import Coalesce
from django.utils import timezone

from core.search import substring_search
from core.translated import in_language

from .addresses import normalize_house, normalize_street, split_address
from .models import (
    TOS,
    Building,
    Council,
    CouncilMeeting,
    CouncilMember,
    District,
    Microdistrict,
    MicrodistrictManager,
)

PAGE_SIZE = 25
# The TOS directory's status filter: blank means active only, this value means every status.
TOS_STATUS_ALL = "all"
# A resident's search rarely has more words than this; more would only lengthen the SQL.
_MAX_SEARCH_WORDS = 5
_LEADING_NUMBER_RE = re.compile(r"\d+")


# Building blocks -------------------------------------------------------------------------


def registered_tos(day: dt.date | None = None) -> QuerySet[TOS]:
    """TOS whose charter is registered by ``day``: before that the TOS does not exist yet."""
    return TOS.objects.filter(charter_registered_on__lte=day or timezone.localdate())


def active_tos(day: dt.date | None = None) -> QuerySet[TOS]:
    return registered_tos(day).filter(status=TOS.Status.ACTIVE)


def current_members(day: dt.date | None = None) -> QuerySet[CouncilMember]:
    """Members in office on ``day``: chair, deputy, secretary, then members by name."""
    role_order = Case(
        *(When(role=role, then=Value(rank)) for role, rank in CouncilMember.ROLE_ORDER.items()),
        default=Value(len(CouncilMember.ROLE_ORDER)),
        output_field=IntegerField(),
    )
    return CouncilMember.objects.current(day).annotate(role_rank=role_order).order_by("role_rank", "full_name")


def _current_chair_prefetch(day: dt.date) -> Prefetch:
    # Terms may overlap for a few days at a handover; the newest chair comes first.
    chairs = CouncilMember.objects.current(day).filter(role=CouncilMember.Role.CHAIR).order_by("-term_start")
    return Prefetch("members", queryset=chairs, to_attr="current_chairs")


def _count(queryset: QuerySet, outer_field: str) -> Coalesce:
    """COUNT(*) of ``queryset`` rows pointing at the outer row, as a correlated subquery.

    Several Count() annotations over different joins would multiply rows; a subquery
    per figure keeps each count exact and the outer query flat. COUNT through Func is
    not an aggregate to the ORM, so no GROUP BY is added to the subquery.
    """
    counted = (
        queryset.filter(**{outer_field: OuterRef("pk")})
        .order_by()
        .annotate(total=Func(F("pk"), function="COUNT"))
        .values("total")
    )
    return Coalesce(Subquery(counted, output_field=IntegerField()), Value(0))


def house_sort_key(house: str) -> tuple[int, str]:
    """Sort «2» before «10» and «12» before «12А», as houses are numbered on a street."""
    match = _LEADING_NUMBER_RE.match(house)
    return (int(match.group()) if match else 0, house.lower())


# Choices for the public forms ------------------------------------------------------------


def district_choices() -> list[tuple[str, str]]:
    return list(District.objects.values_list("slug", "name"))


def microdistrict_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Microdistricts grouped by district, for a <select> with <optgroup>s."""
    # The district's name in the reader's language (core.translated); groups follow the districts' order.
    rows = Microdistrict.objects.order_by("district__sort_order", "district__name", "number", "name").values_list(
        in_language("district__name"), "slug", "name"
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for district_name, slug, name in rows:
        groups.setdefault(district_name, []).append((slug, name))
    return list(groups.items())


# Home ------------------------------------------------------------------------------------


def home_context() -> dict[str, Any]:
    """Districts with their figures; the city totals are summed from them (one query in all)."""
    districts = list(
        District.objects.annotate(
            microdistrict_total=_count(Microdistrict.objects.all(), "district"),
            public_council_total=_count(
                Council.objects.filter(kind=Council.Kind.MICRODISTRICT_PUBLIC, is_active=True), "district"
            ),
            tos_total=_count(active_tos(), "district"),
        )
    )
    return {
        "districts": districts,
        "microdistrict_total": sum(d.microdistrict_total for d in districts),
        "public_council_total": sum(d.public_council_total for d in districts),
        "tos_total": sum(d.tos_total for d in districts),
    }


# District page ---------------------------------------------------------------------------


def district_detail_queryset() -> QuerySet[District]:
    return District.objects.all()


def district_context(district: District) -> dict[str, Any]:
    day = timezone.localdate()
    coordination_council = (
        Council.objects.filter(district=district, kind=Council.Kind.DISTRICT_COORDINATION)
        .prefetch_related(_current_chair_prefetch(day))
        .first()
    )
    microdistricts = list(
        district.microdistricts.annotate(tos_total=_count(active_tos(day), "microdistricts")).prefetch_related(
            Prefetch(
                "councils",
                queryset=Council.objects.filter(kind=Council.Kind.MICRODISTRICT_PUBLIC),
                to_attr="public_councils",
            )
        )
    )
    managers = MicrodistrictManager.objects.filter(district=district, is_active=True).prefetch_related(
        Prefetch("microdistricts", queryset=Microdistrict.objects.order_by("number", "name"))
    )
    return {
        "district": district,
        "coordination_council": coordination_council,
        "microdistricts": microdistricts,
        "public_council_total": sum(1 for m in microdistricts for c in m.public_councils if c.is_active),
        "tos_total": active_tos(day).filter(district=district).count(),
        "managers": managers,
    }


# Microdistrict page ----------------------------------------------------------------------


@dataclasses.dataclass
class StreetHouses:
    street: str
    houses: list[str]


def microdistrict_detail_queryset() -> QuerySet[Microdistrict]:
    day = timezone.localdate()
    return Microdistrict.objects.select_related("district").prefetch_related(
        Prefetch(
            "councils",
            queryset=Council.objects.filter(kind=Council.Kind.MICRODISTRICT_PUBLIC).prefetch_related(
                _current_chair_prefetch(day)
            ),
            to_attr="public_councils",
        ),
        Prefetch("tos_set", queryset=active_tos(day).order_by("name"), to_attr="active_tos"),
        Prefetch("managers", queryset=MicrodistrictManager.objects.filter(is_active=True), to_attr="active_managers"),
        Prefetch("buildings", queryset=Building.objects.order_by(), to_attr="building_list"),
    )


def group_by_street(buildings: Iterable[Building]) -> list[StreetHouses]:
    """Houses per street in street order, ignoring the kind of street («бульвар», «улица»)."""
    groups: dict[str, StreetHouses] = {}
    for building in buildings:
        groups.setdefault(building.street_key, StreetHouses(building.street, [])).houses.append(building.house)
    for group in groups.values():
        group.houses.sort(key=house_sort_key)
    return [groups[key] for key in sorted(groups)]


def microdistrict_context(microdistrict: Microdistrict) -> dict[str, Any]:
    public_councils: list[Council] = microdistrict.public_councils
    return {
        "microdistrict": microdistrict,
        # At most one, by a database constraint.
        "public_council": public_councils[0] if public_councils else None,
        "tos_list": microdistrict.active_tos,
        "managers": microdistrict.active_managers,
        "streets": group_by_street(microdistrict.building_list),
        "building_total": len(microdistrict.building_list),
    }


# Councils --------------------------------------------------------------------------------


def council_list(filters: dict[str, str]) -> QuerySet[Council]:
    """Councils for the directory; ``filters`` hold only validated, non-empty values."""
    day = timezone.localdate()
    councils = (
        Council.objects.select_related("district", "microdistrict", "tos")
        # A TOS council belongs to a TOS that does not exist before its charter is registered.
        .exclude(tos__charter_registered_on__gt=day)
        .prefetch_related(_current_chair_prefetch(day))
    )
    if kind := filters.get("kind"):
        councils = councils.filter(kind=kind)
    if district := filters.get("district"):
        councils = councils.filter(district__slug=district)
    if microdistrict := filters.get("microdistrict"):
        # A TOS council's microdistricts are those of its TOS; a subquery avoids duplicate rows.
        councils = councils.filter(
            Q(microdistrict__slug=microdistrict) | Q(tos__in=TOS.objects.filter(microdistricts__slug=microdistrict))
        )
    if text := filters.get("q"):
        councils = councils.filter(substring_search(["name", "description"], text, max_words=_MAX_SEARCH_WORDS))
    # Quarters by number, so «2 квартал» comes before «10 квартал»; district-wide councils first.
    return councils.order_by(
        "district__sort_order",
        "district__name",
        "kind",
        F("microdistrict__number").asc(nulls_first=True),
        "name",
    )


def council_detail_queryset() -> QuerySet[Council]:
    day = timezone.localdate()
    return (
        Council.objects.select_related("district", "microdistrict", "tos")
        .exclude(tos__charter_registered_on__gt=day)
        .prefetch_related(
            Prefetch("members", queryset=current_members(day), to_attr="current_members"),
            Prefetch(
                "meetings",
                queryset=CouncilMeeting.objects.published().order_by("-held_at"),
                to_attr="published_meetings",
            ),
        )
    )


def published_minutes(council_slug: str, meeting_pk: int) -> QuerySet[CouncilMeeting]:
    """The meeting, if its minutes may be served: published and with a file."""
    return (
        CouncilMeeting.objects.published()
        .filter(council__slug=council_slug, pk=meeting_pk)
        .exclude(minutes_file="")
        .select_related("council")
    )


# TOS -------------------------------------------------------------------------------------


def tos_list(filters: dict[str, str]) -> QuerySet[TOS]:
    """TOS for the directory: active ones unless the status filter says otherwise."""
    status = filters.get("status")
    tos = (
        registered_tos()
        .select_related("district")
        .prefetch_related(Prefetch("microdistricts", queryset=Microdistrict.objects.order_by("number", "name")))
    )
    if status != TOS_STATUS_ALL:
        tos = tos.filter(status=status or TOS.Status.ACTIVE)
    if district := filters.get("district"):
        tos = tos.filter(district__slug=district)
    if microdistrict := filters.get("microdistrict"):
        tos = tos.filter(microdistricts__slug=microdistrict)
    if territory_kind := filters.get("territory_kind"):
        tos = tos.filter(territory_kind=territory_kind)
    if text := filters.get("q"):
        fields = ["name", "territory_description", "goals"]
        tos = tos.filter(substring_search(fields, text, max_words=_MAX_SEARCH_WORDS))
    return tos


def tos_detail_queryset() -> QuerySet[TOS]:
    return (
        registered_tos()
        .select_related("district", "council")
        .prefetch_related(Prefetch("microdistricts", queryset=Microdistrict.objects.select_related("district")))
    )


# Finder ----------------------------------------------------------------------------------


@dataclasses.dataclass
class StreetMicrodistrict:
    """One microdistrict a street runs through, with the houses of that street in it."""

    microdistrict: Microdistrict
    houses: list[str]


@dataclasses.dataclass
class AddressLookup:
    """What the finder made of a typed address."""

    street: str
    house: str
    building: Building | None = None
    # Set when the street is known but the house is not (or no house was typed).
    street_name: str = ""
    street_microdistricts: list[StreetMicrodistrict] = dataclasses.field(default_factory=list)
    # Names of known streets close to an unknown one.
    suggestions: list[str] = dataclasses.field(default_factory=list)

    @property
    def suggested_addresses(self) -> list[str]:
        """The typed address with each suggested street in place of the unknown one."""
        return [f"{street}, {self.house}" if self.house else street for street in self.suggestions]


def find_address(text: str) -> AddressLookup:
    street, house = split_address(text)
    street_key, house_key = normalize_street(street), normalize_house(house)
    lookup = AddressLookup(street=street, house=house)
    if house_key:
        lookup.building = (
            Building.objects.select_related("microdistrict").filter(street_key=street_key, house_key=house_key).first()
        )
        if lookup.building:
            return lookup
    on_street = list(Building.objects.filter(street_key=street_key).select_related("microdistrict__district"))
    if on_street:
        lookup.street_name = on_street[0].street
        by_microdistrict: dict[int, StreetMicrodistrict] = {}
        for building in on_street:
            by_microdistrict.setdefault(
                building.microdistrict_id, StreetMicrodistrict(building.microdistrict, [])
            ).houses.append(building.house)
        for group in by_microdistrict.values():
            group.houses.sort(key=house_sort_key)
        lookup.street_microdistricts = sorted(
            by_microdistrict.values(), key=lambda g: (g.microdistrict.district.sort_order, house_sort_key(g.houses[0]))
        )
        return lookup
    lookup.suggestions = similar_streets(street_key)
    return lookup


def similar_streets(street_key: str, limit: int = 5) -> list[str]:
    """Known street names that start like, contain, or are spelled close to ``street_key``."""
    names: dict[str, str] = {}
    for key, name in Building.objects.order_by("street_key", "street").values_list("street_key", "street").distinct():
        names.setdefault(key, name)
    if not street_key:
        return []
    containing = sorted(key for key in names if street_key in key)
    close = difflib.get_close_matches(street_key, names, n=limit, cutoff=0.6)
    keys = list(dict.fromkeys([*close, *containing]))[:limit]
    return [names[key] for key in keys]
