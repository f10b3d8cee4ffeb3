"""Partner data for the API: organisations' work contacts, programmes, pledges — public data only."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from councils.models import District
from forum.models import ResolutionItem
from initiatives.models import Category, Initiative

from ..models import PartnerOrganization, Pledge, Programme, ProgrammeApplication, WebhookEndpoint, WebhookEvent


class PartnerSerializer(serializers.ModelSerializer):
    categories = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    districts = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    logo_url = serializers.SerializerMethodField()

    class Meta:
        model = PartnerOrganization
        fields = [
            "slug", "name", "kind", "inn", "ogrn", "description", "website", "work_email", "work_phone", "address",
            "logo_url", "categories", "districts",
        ]

    def get_logo_url(self, obj: PartnerOrganization) -> str:
        if not obj.logo:
            return ""
        request = self.context.get("request")
        return request.build_absolute_uri(obj.logo.url) if request else obj.logo.url


class PledgeSerializer(serializers.ModelSerializer):
    partner = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = Pledge
        fields = [
            "id", "partner", "initiative", "kind", "amount", "volunteers", "date_from", "date_to", "materials",
            "message", "status", "decision_reason", "created_at", "decided_at",
        ]
        read_only_fields = fields


class PledgeCreateSerializer(serializers.Serializer):
    initiative = serializers.PrimaryKeyRelatedField(
        queryset=Initiative.objects.public(), help_text=_("id опубликованной инициативы")
    )
    kind = serializers.ChoiceField(choices=Pledge.Kind.choices)
    amount = serializers.DecimalField(max_digits=12, decimal_places=2, required=False, allow_null=True, min_value=1)
    volunteers = serializers.IntegerField(required=False, allow_null=True, min_value=1, max_value=10000)
    date_from = serializers.DateField(required=False, allow_null=True)
    date_to = serializers.DateField(required=False, allow_null=True)
    materials = serializers.CharField(required=False, allow_blank=True, max_length=300, default="")
    message = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ReasonSerializer(serializers.Serializer):
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ProgrammeSerializer(serializers.ModelSerializer):
    partner = serializers.SlugRelatedField(slug_field="slug", read_only=True)
    categories = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    districts = serializers.SlugRelatedField(slug_field="slug", many=True, read_only=True)
    accepts_applications = serializers.SerializerMethodField()

    class Meta:
        model = Programme
        fields = [
            "slug", "partner", "title", "description", "funding_source", "budget", "categories", "districts",
            "applications_open", "applications_close", "status", "accepts_applications",
        ]

    def get_accepts_applications(self, obj: Programme) -> bool:
        return obj.accepts_applications()


class ProgrammeWriteSerializer(serializers.Serializer):
    title = serializers.CharField(max_length=200)
    description = serializers.CharField(max_length=20000)
    funding_source = serializers.CharField(max_length=255, required=False, allow_blank=True, default="")
    budget = serializers.DecimalField(max_digits=14, decimal_places=2, required=False, allow_null=True, min_value=0)
    categories = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=Category.objects.all(), required=False
    )
    districts = serializers.SlugRelatedField(
        slug_field="slug", many=True, queryset=District.objects.all(), required=False
    )
    applications_open = serializers.DateField()
    applications_close = serializers.DateField()
    status = serializers.ChoiceField(
        choices=[(Programme.Status.DRAFT, Programme.Status.DRAFT.label),
                 (Programme.Status.OPEN, Programme.Status.OPEN.label)],
        required=False, default=Programme.Status.OPEN,
    )


class ApplicationSerializer(serializers.ModelSerializer):
    programme = serializers.SlugRelatedField(slug_field="slug", read_only=True)

    class Meta:
        model = ProgrammeApplication
        fields = ["id", "programme", "initiative", "status", "reason", "created_at", "decided_at"]
        read_only_fields = fields


class DecisionSerializer(serializers.Serializer):
    decision = serializers.ChoiceField(
        choices=[(ProgrammeApplication.Status.ACCEPTED, ProgrammeApplication.Status.ACCEPTED.label),
                 (ProgrammeApplication.Status.REJECTED, ProgrammeApplication.Status.REJECTED.label)]
    )
    reason = serializers.CharField(required=False, allow_blank=True, max_length=2000, default="")


class ReportSerializer(serializers.Serializer):
    item = serializers.IntegerField(help_text=_("id пункта резолюции"))
    text = serializers.CharField(max_length=10000)
    reported_on = serializers.DateField(required=False, allow_null=True)
    evidence_url = serializers.URLField(required=False, allow_blank=True, default="")
    new_status = serializers.ChoiceField(choices=ResolutionItem.Status.choices, required=False, allow_blank=True,
                                         default="")
    new_percent = serializers.IntegerField(required=False, allow_null=True, min_value=0, max_value=100)


class ReportResultSerializer(serializers.Serializer):
    id = serializers.IntegerField()
    item = serializers.IntegerField(source="item_id")
    reported_on = serializers.DateField()
    text = serializers.CharField()
    new_status = serializers.CharField()
    new_percent = serializers.IntegerField(allow_null=True)


class WebhookEndpointSerializer(serializers.ModelSerializer):
    """An endpoint of the key's partner; the secret is never shown again after creation."""

    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices), allow_empty=False)

    class Meta:
        model = WebhookEndpoint
        fields = ["id", "url", "events", "is_active", "consecutive_failures", "disabled_at", "created_at"]
        read_only_fields = ["id", "is_active", "consecutive_failures", "disabled_at", "created_at"]


class WebhookEndpointEventsSerializer(serializers.Serializer):
    events = serializers.ListField(child=serializers.ChoiceField(choices=WebhookEvent.choices), allow_empty=False)


class WebhookEndpointCreatedSerializer(WebhookEndpointSerializer):
    secret = serializers.CharField(read_only=True, help_text=_("Секрет подписи: показывается только один раз."))

    class Meta(WebhookEndpointSerializer.Meta):
        fields = [*WebhookEndpointSerializer.Meta.fields, "secret"]
