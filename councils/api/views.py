"""Read-only registry endpoints. Each list runs a fixed number of queries per page."""

from __future__ import annotations

import django_filters
from django.db.models import Prefetch
from django.utils import timezone
from rest_framework import viewsets

from ..models import TOS, Council, CouncilMember, District, Microdistrict, MicrodistrictManager
from . import serializers


class DistrictViewSet(viewsets.ReadOnlyModelViewSet):
    """Районы города / the city's districts."""

    queryset = District.objects.all()
    serializer_class = serializers.DistrictSerializer
    lookup_field = "slug"
    pagination_class = None


class MicrodistrictFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(field_name="district__slug")

    class Meta:
        model = Microdistrict
        fields = ["district"]


class MicrodistrictViewSet(viewsets.ReadOnlyModelViewSet):
    """Микрорайоны / microdistricts."""

    queryset = Microdistrict.objects.select_related("district")
    serializer_class = serializers.MicrodistrictSerializer
    filterset_class = MicrodistrictFilter
    lookup_field = "slug"


class CouncilFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(field_name="district__slug")
    microdistrict = django_filters.CharFilter(field_name="microdistrict__slug")

    class Meta:
        model = Council
        fields = ["kind", "district", "microdistrict"]


class CouncilViewSet(viewsets.ReadOnlyModelViewSet):
    """Советы с действующим составом (только публичные роли) / councils with current members' public roles."""

    serializer_class = serializers.CouncilSerializer
    filterset_class = CouncilFilter
    lookup_field = "slug"

    def get_queryset(self):
        current = CouncilMember.objects.current(timezone.localdate()).order_by("full_name")
        return Council.objects.select_related("district", "microdistrict", "tos").prefetch_related(
            Prefetch("members", queryset=current, to_attr="current_members")
        )


class TOSFilter(django_filters.FilterSet):
    district = django_filters.CharFilter(field_name="district__slug")

    class Meta:
        model = TOS
        fields = ["district", "status"]


class TOSViewSet(viewsets.ReadOnlyModelViewSet):
    """ТОС / territorial public self-government bodies."""

    queryset = TOS.objects.select_related("district").prefetch_related("microdistricts")
    serializer_class = serializers.TOSSerializer
    filterset_class = TOSFilter
    lookup_field = "slug"


class ManagerViewSet(viewsets.ReadOnlyModelViewSet):
    """Управляющие микрорайонами: рабочие контакты и часы приёма / microdistrict managers."""

    queryset = MicrodistrictManager.objects.filter(is_active=True).select_related("district").prefetch_related(
        "microdistricts"
    )
    serializer_class = serializers.ManagerSerializer
