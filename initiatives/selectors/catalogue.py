"""Reads for the list, the map, search and the home page's initiatives: a fixed number of
queries per page, whatever the number of rows."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from django.contrib.postgres.search import SearchQuery, SearchRank
from django.db import connections
from django.db.models import (
    Case,
    ExpressionWrapper,
    F,
    IntegerField,
    OuterRef,
    QuerySet,
    Subquery,
    Value,
    When,
)
from django.urls import reverse

from core.search import substring_search
from core.translated import in_language
from councils.models import Microdistrict

from ..cards import attach_card_html
from ..models import (
    Initiative,
    InitiativePhoto,
)
from ..storage import initiative_file_storage

if TYPE_CHECKING:
    pass


PAGE_SIZE = 20
# The map draws at most this many points; a city of 668 thousand will not have more
# public initiatives with coordinates at once, and the cap keeps one response small.
MAP_FEATURE_LIMIT = 2000
# Search words beyond this only lengthen the SQL of the SQLite fallback.
_MAX_SEARCH_WORDS = 6

SORT_NEWEST = "newest"
SORT_SUPPORTED = "supported"
SORT_CLOSEST = "closest"
SEARCH_RANK = "search_rank"
# A search shows (and ranks) at most this many matches, the newest: ten pages.
SEARCH_CANDIDATES = 200
_NEWEST = (F("published_at").desc(nulls_last=True), "-pk")


def public_initiatives() -> QuerySet[Initiative]:
    """Everything the public list and map may show: public statuses only.

    Drafts and the moderation loop never appear here, not even to staff or authors:
    they reach their own initiatives from their cabinet, not from the public catalogue.
    """
    return Initiative.objects.public()


def search(queryset: QuerySet[Initiative], text: str) -> QuerySet[Initiative]:
    return bounded_search(queryset, text)[0]


def bounded_search(queryset: QuerySet[Initiative], text: str) -> tuple[QuerySet[Initiative], bool]:
    """Full-text search over the newest SEARCH_CANDIDATES matches; True when there were more.

    On PostgreSQL the `search_vector` column (kept by a trigger, GIN-indexed) is matched
    with a websearch query — quotes, «или» and minus work as residents expect from
    search engines, and malformed input never raises; elsewhere, substrings. Ranking
    every match of a common word (18 thousand of 100 thousand at city scale) meant
    reading every match's tsvector: over 100 ms. Instead the newest matches are taken
    along the newest-first index (one query, a bounded number of rows), and only they
    are ranked, so the list can put the best of them first.
    """
    text = text.strip()
    if not text:
        return queryset, False
    if connections[queryset.db].vendor == "postgresql":
        query = SearchQuery(text, config="russian", search_type="websearch")
        matches = queryset.filter(search_vector=query)
    else:
        query = None
        matches = queryset.filter(substring_search(("title", "summary", "address"), text, max_words=_MAX_SEARCH_WORDS))
    ids = list(matches.order_by(*_NEWEST).values_list("pk", flat=True)[: SEARCH_CANDIDATES + 1])
    bounded = queryset.filter(pk__in=ids[:SEARCH_CANDIDATES])
    if query is not None:
        bounded = bounded.annotate(**{SEARCH_RANK: SearchRank(F("search_vector"), query)})
    return bounded, len(ids) > SEARCH_CANDIDATES


def order(queryset: QuerySet[Initiative], sort: str) -> QuerySet[Initiative]:
    """Apply an allow-listed sort; no sort means best matches first when searching, else newest.

    Every ordering ends with the primary key so that pages never repeat or skip a row
    when many initiatives share a count or a date.
    """
    newest = (F("published_at").desc(nulls_last=True), "-pk")
    if sort == SORT_SUPPORTED:
        return queryset.order_by("-support_count", *newest)
    if sort == SORT_CLOSEST:
        # Collecting initiatives first (only they can still reach the threshold), then
        # the fewest supports missing; the rest keep their newest-first order.
        collecting_first = Case(
            When(status=Initiative.Status.PUBLISHED, then=Value(0)), default=Value(1), output_field=IntegerField()
        )
        missing = ExpressionWrapper(F("support_threshold") - F("support_count"), output_field=IntegerField())
        return queryset.annotate(collecting_first=collecting_first, supports_missing_db=missing).order_by(
            "collecting_first", F("supports_missing_db").asc(nulls_last=True), *newest
        )
    if sort != SORT_NEWEST and SEARCH_RANK in queryset.query.annotations:
        return queryset.order_by(f"-{SEARCH_RANK}", *newest)
    return queryset.order_by(*newest)


def with_card_data(queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
    """What a list card shows, in the same single query as the page of initiatives.

    The thumbnail is the first gallery photo's file name from a correlated subquery:
    a prefetch would load every photo of every initiative on the page to show one.
    """
    first_thumbnail = (
        InitiativePhoto.objects.filter(initiative=OuterRef("pk"), kind=InitiativePhoto.Kind.GALLERY)
        .order_by("position", "id")
        .values("thumbnail")[:1]
    )
    return (
        queryset.select_related("category", "district", "microdistrict")
        # Long texts (and the tsvector on PostgreSQL) are not on a card: 20 rows need not carry them.
        .defer("description", "resources_description", "best_practice_summary", "search_vector")
        .annotate(thumbnail_name=Subquery(first_thumbnail))
    )


def attach_thumbnail_urls(initiatives: Iterable[Initiative]) -> list[Initiative]:
    """Turn the annotated thumbnail file names into URLs (no queries: the storage builds them)."""
    rows = list(initiatives)
    for initiative in rows:
        name = getattr(initiative, "thumbnail_name", None)
        initiative.thumbnail_url = initiative_file_storage.url(name) if name else ""
    return rows


def map_features(queryset: QuerySet[Initiative], limit: int | None = None) -> dict[str, Any]:
    """A GeoJSON FeatureCollection of the filtered public initiatives that have coordinates.

    One query whatever the number of points: only the columns a marker needs are read.
    One row beyond the cap is fetched to tell the page that the set was truncated.
    """
    limit = limit or MAP_FEATURE_LIMIT
    rows = list(
        queryset.filter(latitude__isnull=False, longitude__isnull=False).values(
            "pk", "title", "status", "support_count", "support_threshold", "latitude", "longitude"
        )[: limit + 1]
    )
    truncated = len(rows) > limit
    labels = dict(Initiative.Status.choices)
    features = [
        {
            "type": "Feature",
            # GeoJSON order is longitude, latitude.
            "geometry": {"type": "Point", "coordinates": [float(row["longitude"]), float(row["latitude"])]},
            "properties": {
                "id": row["pk"],
                "title": row["title"],
                "status": row["status"],
                "status_label": str(labels.get(row["status"], row["status"])),
                "support_count": row["support_count"],
                "support_threshold": row["support_threshold"],
                "url": reverse("initiatives:detail", args=[row["pk"]]),
            },
        }
        for row in rows[:limit]
    ]
    return {"type": "FeatureCollection", "features": features, "truncated": truncated}


def microdistrict_choices() -> list[tuple[str, list[tuple[str, str]]]]:
    """Microdistricts grouped by district, for a <select> with <optgroup>s (one query)."""
    # The district's name in the reader's language (core.translated); groups follow the districts' order.
    rows = Microdistrict.objects.order_by("district__sort_order", "district__name", "number", "name").values_list(
        in_language("district__name"), "slug", "name"
    )
    groups: dict[str, list[tuple[str, str]]] = {}
    for district_name, slug, name in rows:
        groups.setdefault(district_name, []).append((slug, name))
    return list(groups.items())


# Detail ----------------------------------------------------------------------------------


HOME_INITIATIVES = 3


def home_initiatives() -> dict[str, Any]:
    """The home page's local life: a few initiatives collecting support now (core.home registry)."""
    collecting = public_initiatives().filter(status=Initiative.Status.PUBLISHED)
    # Cards from the fragment cache, as in the catalogue (initiatives.cards).
    rows = attach_thumbnail_urls(order(with_card_data(collecting), "")[:HOME_INITIATIVES])
    return {"current_initiatives": attach_card_html(rows)}
