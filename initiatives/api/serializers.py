"""Public initiative data for the API. Authors appear by public name only; no e-mails,
phones or home addresses, no hidden comments, no unpublished initiatives."""

from __future__ import annotations

from typing import Any

from django.urls import reverse
from django.utils import timezone
from drf_spectacular.types import OpenApiTypes
from drf_spectacular.utils import extend_schema_field
from rest_framework import serializers

from .. import extensions, selectors
from ..models import Initiative, InitiativePhoto, OfficialResponse, ProgressUpdate


class InitiativeListSerializer(serializers.ModelSerializer):
    category = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    national_project = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    microdistrict = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    web_url = serializers.SerializerMethodField()

    class Meta:
        model = Initiative
        fields = [
            "id", "title", "summary", "status", "category", "national_project", "scope", "district",
            "microdistrict", "support_count", "support_threshold", "collection_deadline", "published_at",
            "updated_at", "web_url",
        ]

    def get_web_url(self, obj: Initiative) -> str:
        # One reverse() and one absolute prefix per response, not per row.
        template = self.context.get("_web_url_template")
        if template is None:
            request = self.context.get("request")
            path = reverse("initiatives:detail", args=[0]).replace("/0/", "/{}/")
            template = request.build_absolute_uri(path).replace("%7B%7D", "{}") if request else path
            self.context["_web_url_template"] = template
        return template.format(obj.pk)


class PhotoSerializer(serializers.ModelSerializer):
    url = serializers.SerializerMethodField()
    thumbnail_url = serializers.SerializerMethodField()

    class Meta:
        model = InitiativePhoto
        fields = ["url", "thumbnail_url", "caption", "width", "height"]

    def _abs(self, field) -> str:
        request = self.context.get("request")
        return request.build_absolute_uri(field.url) if request and field else (field.url if field else "")

    def get_url(self, obj: InitiativePhoto) -> str:
        return self._abs(obj.image)

    def get_thumbnail_url(self, obj: InitiativePhoto) -> str:
        return self._abs(obj.thumbnail)


class TimelineEntrySerializer(serializers.Serializer):
    status_label = serializers.CharField()
    created_at = serializers.DateTimeField()
    reason = serializers.CharField()
    actor_label = serializers.CharField()


class OfficialResponseSerializer(serializers.ModelSerializer):
    class Meta:
        model = OfficialResponse
        fields = ["organisation", "body", "created_at"]


class ProgressSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressUpdate
        fields = ["body", "created_at"]


class InitiativeDetailSerializer(InitiativeListSerializer):
    photos = PhotoSerializer(source="gallery", many=True, read_only=True)
    timeline = serializers.SerializerMethodField()
    official_responses = OfficialResponseSerializer(source="responses", many=True, read_only=True)
    progress = ProgressSerializer(source="updates", many=True, read_only=True)
    pledges = serializers.SerializerMethodField()
    needs = serializers.SerializerMethodField()
    latitude = serializers.DecimalField(max_digits=9, decimal_places=6, read_only=True, allow_null=True)
    longitude = serializers.DecimalField(max_digits=9, decimal_places=6, read_only=True, allow_null=True)

    class Meta(InitiativeListSerializer.Meta):
        fields = [
            *InitiativeListSerializer.Meta.fields, "description", "address", "latitude", "longitude",
            "estimated_budget", "needs", "resources_description", "photos", "timeline", "official_responses",
            "progress", "pledges",
        ]

    @extend_schema_field(TimelineEntrySerializer(many=True))
    def get_timeline(self, obj: Initiative) -> list[dict[str, Any]]:
        entries = sorted(
            selectors.build_timeline(obj.timeline, {}) + extensions.extra_timeline(obj), key=lambda e: e.created_at
        )
        return TimelineEntrySerializer(entries, many=True).data

    @extend_schema_field(serializers.ListField(child=serializers.CharField()))
    def get_needs(self, obj: Initiative) -> list[str]:
        return [name for name in ("money", "volunteers", "materials", "expertise") if getattr(obj, f"needs_{name}")]

    @extend_schema_field(OpenApiTypes.OBJECT)
    def get_pledges(self, obj: Initiative) -> list[dict[str, Any]]:
        # Filled by apps above initiatives (partners), see initiatives.extensions.
        return extensions.api_detail_data("pledges", obj)


def list_rows(rows: list[dict[str, Any]], request: Any) -> list[dict[str, Any]]:
    """InitiativeListSerializer's output from `.values(*LIST_VALUES)` rows, without per-field objects."""
    # The field's own conversion, with the current time zone looked up once rather than per value.
    date_field = serializers.DateField()
    datetime_field = serializers.DateTimeField(default_timezone=timezone.get_current_timezone())
    path = reverse("initiatives:detail", args=[0]).replace("/0/", "/{}/")
    template = request.build_absolute_uri(path).replace("%7B%7D", "{}") if request else path
    return [
        {
            "id": row["id"], "title": row["title"], "summary": row["summary"], "status": row["status"],
            "category": row["category__slug"], "national_project": row["national_project__slug"],
            "scope": row["scope"], "district": row["district__slug"], "microdistrict": row["microdistrict__slug"],
            "support_count": row["support_count"], "support_threshold": row["support_threshold"],
            "collection_deadline": date_field.to_representation(row["collection_deadline"])
            if row["collection_deadline"] else None,
            "published_at": datetime_field.to_representation(row["published_at"]) if row["published_at"] else None,
            "updated_at": datetime_field.to_representation(row["updated_at"]),
            "web_url": template.format(row["id"]),
        }
        for row in rows
    ]
