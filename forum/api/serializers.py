"""The forum for the API: editions, the programme's sections, the resolution and its progress."""

from __future__ import annotations

from rest_framework import serializers

from ..models import ForumEdition, ProgressReport, Resolution, ResolutionItem, Section


class EditionSerializer(serializers.ModelSerializer):
    class Meta:
        model = ForumEdition
        fields = ["year", "title", "theme", "starts_at", "ends_at", "venue", "address", "description", "status"]


class SectionSerializer(serializers.ModelSerializer):
    speakers = serializers.SerializerMethodField()

    class Meta:
        model = Section
        fields = ["id", "title", "description", "moderators", "starts_at", "ends_at", "room", "speakers"]

    def get_speakers(self, obj: Section) -> list[str]:
        return [speaker.name for speaker in obj.speakers.all()]


class ProgressReportSerializer(serializers.ModelSerializer):
    class Meta:
        model = ProgressReport
        fields = ["reported_on", "text", "evidence_url", "new_status", "new_percent"]


class ResolutionItemSerializer(serializers.ModelSerializer):
    reports = ProgressReportSerializer(many=True, read_only=True)
    initiatives = serializers.SerializerMethodField()

    class Meta:
        model = ResolutionItem
        fields = [
            "id", "number", "kind", "text", "responsible_organisations", "deadline", "status", "progress_percent",
            "reports", "initiatives",
        ]

    def get_initiatives(self, obj: ResolutionItem) -> list[int]:
        return [initiative.pk for initiative in obj.public_initiatives]


class ResolutionSerializer(serializers.ModelSerializer):
    year = serializers.IntegerField(source="edition.year", read_only=True)
    items = ResolutionItemSerializer(many=True, read_only=True, source="ordered_items")
    overall_progress = serializers.IntegerField(allow_null=True, read_only=True)

    class Meta:
        model = Resolution
        fields = ["year", "title", "preamble", "adopted_on", "overall_progress", "items"]
