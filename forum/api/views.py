"""Read-only forum endpoints: editions by year, their sections and resolution."""

from __future__ import annotations

from django.db.models import Prefetch
from django.shortcuts import get_object_or_404
from drf_spectacular.utils import extend_schema
from rest_framework import viewsets
from rest_framework.decorators import action
from rest_framework.request import Request
from rest_framework.response import Response

from initiatives.models import Initiative

from ..models import ForumEdition, ProgressReport, Resolution, ResolutionItem, Section, overall_progress
from . import serializers


class EditionViewSet(viewsets.ReadOnlyModelViewSet):
    """Форумы по годам / forum editions by year."""

    queryset = ForumEdition.objects.all()
    serializer_class = serializers.EditionSerializer
    lookup_field = "year"
    lookup_value_regex = r"\d{4}"

    @extend_schema(responses=serializers.SectionSerializer(many=True), summary="Площадки форума / sections")
    @action(detail=True, pagination_class=None)
    def sections(self, request: Request, year: str) -> Response:
        edition = self.get_object()
        sections = Section.objects.filter(edition=edition).prefetch_related("speakers").order_by("starts_at", "id")
        return Response(serializers.SectionSerializer(sections, many=True).data)

    @extend_schema(responses=serializers.ResolutionSerializer, summary="Резолюция и её исполнение / resolution")
    @action(detail=True, pagination_class=None)
    def resolution(self, request: Request, year: str) -> Response:
        edition = self.get_object()
        resolution = get_object_or_404(Resolution.objects.select_related("edition"), edition=edition)
        items = list(
            ResolutionItem.objects.filter(resolution=resolution).order_by("number").prefetch_related(
                Prefetch("reports", queryset=ProgressReport.objects.order_by("-reported_on", "-id")),
                Prefetch("initiatives", queryset=Initiative.objects.public().order_by("pk"),
                         to_attr="public_initiatives"),
            )
        )
        resolution.ordered_items = items
        resolution.overall_progress = overall_progress(items)
        return Response(serializers.ResolutionSerializer(resolution).data)
