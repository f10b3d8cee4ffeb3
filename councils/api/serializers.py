"""Public registry data for the API: names, places and work contacts — never residents' contacts."""

from __future__ import annotations

from rest_framework import serializers

from ..models import TOS, Council, CouncilMember, District, Microdistrict, MicrodistrictManager


class DistrictSerializer(serializers.ModelSerializer):
    class Meta:
        model = District
        fields = ["slug", "name", "description"]


class MicrodistrictSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Microdistrict
        fields = ["slug", "name", "district", "description"]


class CouncilMemberSerializer(serializers.ModelSerializer):
    """A member's public role only: the name, the role and whom they represent."""

    class Meta:
        model = CouncilMember
        fields = ["full_name", "role", "position", "term_start", "term_end"]


class CouncilSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    microdistrict = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    tos = serializers.SlugRelatedField(slug_field="slug", read_only=True, allow_null=True)
    members = CouncilMemberSerializer(source="current_members", many=True, read_only=True)

    class Meta:
        model = Council
        fields = ["slug", "kind", "name", "district", "microdistrict", "tos", "meeting_place", "is_active", "members"]


class TOSSerializer(serializers.ModelSerializer):
    district = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    microdistricts = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = TOS
        fields = [
            "slug", "name", "district", "microdistricts", "territory_kind", "territory_description", "goals",
            "charter_registered_on", "is_legal_entity", "ogrn", "status",
        ]


class ManagerSerializer(serializers.ModelSerializer):
    """A city employee's work contacts and reception hours (public by their office)."""

    district = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    microdistricts = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)

    class Meta:
        model = MicrodistrictManager
        fields = [
            "id", "full_name", "district", "microdistricts", "work_phone", "work_email", "office_address",
            "reception_hours",
        ]
