"""Public initiatives: filters, Russian full-text search, allow-listed ordering, cursor pages."""

from __future__ import annotations

import datetime as dt
from typing import Any

import django_filters
from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext_lazy as _
from django_filters.rest_framework import DjangoFilterBackend
from drf_spectacular.utils import OpenApiParameter, extend_schema, extend_schema_view
from rest_framework import filters, viewsets
from rest_framework.request import Request
from rest_framework.response import Response

from core.api import check_throttles_and_get

from .. import selectors
from ..models import Initiative, InitiativePhoto, ProgressUpdate, StatusChange
from . import cache, serializers

# The only orderings accepted (`ordering=-support_count`); anything else is ignored.
ORDERING_FIELDS = ["id", "published_at", "updated_at", "support_count"]
LIST_VALUES = (
    "id", "title", "summary", "status", "scope", "support_count", "support_threshold", "collection_deadline",
    "published_at", "updated_at", "category__slug", "national_project__slug", "district__slug", "microdistrict__slug",
)


class UtcDateTimeFilter(django_filters.IsoDateTimeFilter):
    """An ISO 8601 moment compared in UTC.

    Python accepts UTC offsets up to ±23:59, PostgreSQL only up to ±15:59: a moment such as
    `2026-10-04T20:49:07+16:46` sent as it came made the query fail (a 500, found by the API's
    schemathesis test). In UTC it is an ordinary moment; one beyond the calendar's ends
    is later than every row, or earlier than every row.
    """

    def filter(self, qs: QuerySet, value: Any) -> QuerySet:
        if value is None:
            return super().filter(qs, value)
        try:
            value = value.astimezone(dt.UTC)
        except OverflowError:
            later_than_everything = value.utcoffset() < dt.timedelta(0)
            return qs.none() if later_than_everything == (self.lookup_expr in ("gt", "gte")) else qs
        return super().filter(qs, value)


class InitiativeApiFilter(django_filters.FilterSet):
    status = django_filters.MultipleChoiceFilter(
        choices=[(s.value, s.label) for s in Initiative.PUBLIC_STATUSES], help_text=_("Статус (можно несколько)")
    )
    category = django_filters.CharFilter(field_name="category__slug", help_text=_("Категория (slug)"))
    district = django_filters.CharFilter(field_name="district__slug", help_text=_("Район (slug)"))
    microdistrict = django_filters.CharFilter(field_name="microdistrict__slug", help_text=_("Микрорайон (slug)"))
    national_project = django_filters.CharFilter(
        field_name="national_project__slug", help_text=_("Национальный проект (slug)")
    )
    updated_since = UtcDateTimeFilter(
        field_name="updated_at", lookup_expr="gte", help_text=_("Изменённые не раньше (ISO 8601)")
    )
    search = django_filters.CharFilter(method="filter_search", max_length=200, help_text=_("Полнотекстовый поиск"))

    class Meta:
        model = Initiative
        fields: list[str] = []

    def filter_search(self, queryset: QuerySet[Initiative], name: str, value: str) -> QuerySet[Initiative]:
        return selectors.search(queryset, value)


FILTERS = frozenset(InitiativeApiFilter.base_filters)
# Every parameter the list reads; pages of other query strings are not kept (api/cache.py).
LIST_PARAMS = FILTERS | {"cursor", "page_size", "ordering"}


@extend_schema_view(
    list=extend_schema(
        summary="Инициативы жителей / residents' initiatives",
        parameters=[OpenApiParameter("ordering", str, enum=[f"{p}{f}" for f in ORDERING_FIELDS for p in ("", "-")])],
    ),
    retrieve=extend_schema(summary="Инициатива: фото, история, ответы, ход, поддержка партнёров"),
)
class InitiativeViewSet(viewsets.ReadOnlyModelViewSet):
    filter_backends = [DjangoFilterBackend, filters.OrderingFilter]
    filterset_class = InitiativeApiFilter
    ordering_fields = ORDERING_FIELDS
    ordering = "-id"

    def get_queryset(self) -> QuerySet[Initiative]:
        queryset = selectors.public_initiatives().exclude(published_at=None).select_related(
            "category", "national_project", "district", "microdistrict"
        )
        if self.action != "retrieve":
            # The list reads plain rows of its columns only (see list()): the search vector and
            # long texts are the bulk of a row, and model instances cost more than the query.
            return queryset.values(*LIST_VALUES)
        if self.action == "retrieve":
            queryset = queryset.prefetch_related(
                Prefetch(
                    "photos",
                    queryset=InitiativePhoto.objects.filter(kind=InitiativePhoto.Kind.GALLERY).order_by(
                        "position", "id"
                    ),
                    to_attr="gallery",
                ),
                Prefetch("status_changes", queryset=StatusChange.objects.order_by("created_at", "id"),
                         to_attr="timeline"),
                Prefetch("official_responses", to_attr="responses"),
                Prefetch("progress_updates", queryset=ProgressUpdate.objects.order_by("created_at", "id"),
                         to_attr="updates"),
            )
        return queryset

    def list(self, request: Request, *args: Any, **kwargs: Any) -> Response:
        """The same payload as InitiativeListSerializer (the schema's), built from plain rows.

        The list is the API's busiest endpoint; DRF's per-field machinery costs more than the
        query itself, so rows are turned into dicts directly. tests/partners/test_api_reads.py
        checks that both give the same output.
        """
        key, found = getattr(self, "_page_lookup", (None, None))
        if key is None:
            key = cache.page_key(request, LIST_PARAMS)
        if key is None:
            return self._list_page(request)
        # The same page for every client (public data only); kept until the catalogue changes (api/cache.py).
        return cache.cached_page(key, found, lambda: self._list_page(request))

    def check_throttles(self, request: Request) -> None:
        # Runs after authentication and the key's permissions. For a page that may be kept, the
        # throttle's counter and the page's lookup go to the cache together.
        key = cache.page_key(request, LIST_PARAMS) if self.action == "list" else None
        if key is None:
            return super().check_throttles(request)
        self._page_lookup = key, check_throttles_and_get(self, request, cache.lookup_keys(key))
        return None

    def _list_page(self, request: Request) -> Response:
        page = self.paginate_queryset(self.filter_queryset(self.get_queryset()))
        return self.get_paginated_response(serializers.list_rows(page, request))

    def filter_queryset(self, queryset: QuerySet[Initiative]) -> QuerySet[Initiative]:
        if self.action == "list" and FILTERS.isdisjoint(self.request.query_params):
            # No filter asked for: the filterset would build and validate an empty form (a third
            # of an uncached page's time) to filter nothing. Ordering still applies.
            for backend in self.filter_backends:
                if not issubclass(backend, DjangoFilterBackend):
                    queryset = backend().filter_queryset(self.request, queryset, self)
            return queryset
        return super().filter_queryset(queryset)

    def get_serializer_class(self):
        if self.action == "retrieve":
            return serializers.InitiativeDetailSerializer
        return serializers.InitiativeListSerializer
