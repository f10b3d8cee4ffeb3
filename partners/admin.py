"""Staff manage partners, members and keys here; pledges and applications are read-only
records whose statuses change only through the services."""

from __future__ import annotations

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.errors import DomainError

from .models import (
    PartnerApiKey,
    PartnerMember,
    PartnerOrganization,
    Pledge,
    PledgeStatusChange,
    Programme,
    ProgrammeApplication,
    Scope,
    WebhookDelivery,
    WebhookEndpoint,
    WebhookEvent,
)
from .services import keys as key_services
from .services import organisations as org_services
from .webhooks import check_url, endpoint_register


class PartnerMemberInline(admin.TabularInline):
    model = PartnerMember
    extra = 0
    autocomplete_fields = ["user"]
    fields = ["user", "position", "created_at"]
    readonly_fields = ["created_at"]


@admin.register(PartnerOrganization)
class PartnerOrganizationAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "inn", "is_verified", "created_at"]
    list_filter = ["is_verified", "kind", "districts"]
    search_fields = ["name", "inn", "ogrn"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["categories", "districts", "resolution_items"]
    readonly_fields = ["verified_at", "created_at", "updated_at"]
    inlines = [PartnerMemberInline]
    actions = ["verify", "unverify"]

    def save_model(self, request: HttpRequest, obj: PartnerOrganization, form, change: bool) -> None:
        upload = form.cleaned_data.get("logo")
        new_logo = bool(upload) and "logo" in form.changed_data and hasattr(upload, "content_type")
        if new_logo:
            # Stored only re-encoded (see logo_store): keep the upload out of the first save.
            obj.logo = form.initial.get("logo") or None
        if "is_verified" in form.changed_data:
            obj.verified_at = None
        super().save_model(request, obj, form, change)
        if "is_verified" in form.changed_data:
            org_services.partner_verify(obj, verified=obj.is_verified)
        if new_logo:
            org_services.logo_store(obj, upload)

    def save_formset(self, request: HttpRequest, form, formset, change: bool) -> None:
        if formset.model is not PartnerMember:
            return super().save_formset(request, form, formset, change)
        # Members go through the service so that they get (and lose) the partner_member role.
        instances = formset.save(commit=False)
        for member in formset.deleted_objects:
            org_services.member_remove(member)
        for member in instances:
            org_services.member_add(form.instance, member.user, position=member.position)
        return None

    @admin.action(description=_("Отметить как проверенных"))
    def verify(self, request: HttpRequest, queryset: QuerySet[PartnerOrganization]) -> None:
        for partner in queryset:
            org_services.partner_verify(partner, verified=True)

    @admin.action(description=_("Снять отметку о проверке"))
    def unverify(self, request: HttpRequest, queryset: QuerySet[PartnerOrganization]) -> None:
        for partner in queryset:
            org_services.partner_verify(partner, verified=False)


class PledgeStatusChangeInline(admin.TabularInline):
    model = PledgeStatusChange
    extra = 0
    can_delete = False
    fields = ["created_at", "from_status", "to_status", "actor", "api_key_name", "reason"]
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


class ReadOnlyAdmin(admin.ModelAdmin):
    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj=None) -> bool:
        return False


@admin.register(Pledge)
class PledgeAdmin(ReadOnlyAdmin):
    list_display = ["partner", "initiative", "kind", "summary", "status", "created_at"]
    list_filter = ["status", "kind", "partner"]
    search_fields = ["initiative__title", "partner__name"]
    list_select_related = ["partner", "initiative"]
    inlines = [PledgeStatusChangeInline]


@admin.register(Programme)
class ProgrammeAdmin(admin.ModelAdmin):
    list_display = ["title", "partner", "status", "applications_open", "applications_close"]
    list_filter = ["status", "partner"]
    search_fields = ["title"]
    prepopulated_fields = {"slug": ["title"]}
    filter_horizontal = ["categories", "districts"]
    list_select_related = ["partner"]


@admin.register(ProgrammeApplication)
class ProgrammeApplicationAdmin(ReadOnlyAdmin):
    list_display = ["programme", "initiative", "status", "created_at", "decided_at"]
    list_filter = ["status", "programme__partner"]
    list_select_related = ["programme", "initiative"]


class ApiKeyForm(forms.ModelForm):
    scopes = forms.MultipleChoiceField(
        label=_("права"), choices=Scope.choices, widget=forms.CheckboxSelectMultiple, initial=[Scope.READ]
    )

    class Meta:
        model = PartnerApiKey
        fields = ["partner", "name", "scopes", "expiry_date"]

    def clean_partner(self) -> PartnerOrganization:
        partner = self.cleaned_data["partner"]
        if partner is not None and not partner.is_verified:
            raise ValidationError(_("Ключи выдаются только проверенным партнёрам."))
        return partner


@admin.register(PartnerApiKey)
class PartnerApiKeyAdmin(admin.ModelAdmin):
    form = ApiKeyForm
    list_display = ["name", "partner", "prefix", "scopes", "created", "expiry_date", "revoked", "last_used_at"]
    list_filter = ["revoked", "partner"]
    search_fields = ["name", "prefix", "partner__name"]
    readonly_fields = ["prefix", "created", "last_used_at", "revoked", "created_by"]
    actions = ["revoke"]

    def get_form(self, request: HttpRequest, obj=None, **kwargs):
        if obj is not None:
            # An issued key only changes its name, expiry or revocation; its secret never shows again.
            kwargs["fields"] = ["name", "expiry_date"]
            kwargs["form"] = forms.ModelForm
        return super().get_form(request, obj, **kwargs)

    def get_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return ["partner", "name", "scopes", "expiry_date"]
        return ["partner", "name", "prefix", "scopes", "expiry_date", "created", "last_used_at", "revoked",
                "created_by"]

    def get_readonly_fields(self, request: HttpRequest, obj=None):
        if obj is None:
            return []
        return ["partner", "prefix", "scopes", "created", "last_used_at", "revoked", "created_by"]

    def save_model(self, request: HttpRequest, obj: PartnerApiKey, form, change: bool) -> None:
        if change:
            return super().save_model(request, obj, form, change)
        try:
            api_key, secret = key_services.key_issue(
                form.cleaned_data["partner"], name=form.cleaned_data["name"], scopes=form.cleaned_data["scopes"],
                expires_at=form.cleaned_data.get("expiry_date"), issued_by=request.user,
            )
        except DomainError as exc:
            raise ValidationError(str(exc)) from exc
        obj.pk = api_key.pk
        obj.__dict__.update({k: v for k, v in api_key.__dict__.items() if not k.startswith("_")})
        messages.warning(
            request,
            _("Ключ «%(name)s»: %(key)s — скопируйте его сейчас, он больше не будет показан.")
            % {"name": api_key.name, "key": secret},
        )
        return None

    @admin.action(description=_("Отозвать ключи"))
    def revoke(self, request: HttpRequest, queryset: QuerySet[PartnerApiKey]) -> None:
        for api_key in queryset:
            key_services.key_revoke(api_key)


class WebhookEndpointForm(forms.ModelForm):
    events = forms.MultipleChoiceField(
        label=_("события"), choices=WebhookEvent.choices, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["partner", "url", "events", "is_active"]

    def clean_url(self) -> str:
        url = self.cleaned_data["url"]
        check_url(url)
        return url


@admin.register(WebhookEndpoint)
class WebhookEndpointAdmin(admin.ModelAdmin):
    form = WebhookEndpointForm
    list_display = ["url", "partner", "is_active", "consecutive_failures", "disabled_at", "created_at"]
    list_filter = ["is_active", "partner"]
    readonly_fields = ["consecutive_failures", "disabled_at", "created_at"]

    def save_model(self, request: HttpRequest, obj: WebhookEndpoint, form, change: bool) -> None:
        if change:
            if obj.is_active and "is_active" in form.changed_data:
                obj.consecutive_failures, obj.disabled_at = 0, None
            return super().save_model(request, obj, form, change)
        try:
            endpoint, secret = endpoint_register(
                form.cleaned_data["partner"], url=form.cleaned_data["url"], event_types=form.cleaned_data["events"]
            )
        except DomainError as exc:
            raise ValidationError(str(exc)) from exc
        obj.pk = endpoint.pk
        obj.__dict__.update({k: v for k, v in endpoint.__dict__.items() if not k.startswith("_")})
        messages.warning(request, _("Секрет подписи: %(secret)s — передайте его партнёру сейчас, он больше не будет "
                                    "показан.") % {"secret": secret})
        return None


@admin.register(WebhookDelivery)
class WebhookDeliveryAdmin(ReadOnlyAdmin):
    list_display = ["created_at", "event_type", "endpoint", "status", "attempts", "response_code", "delivered_at"]
    list_filter = ["status", "event_type"]
    list_select_related = ["endpoint"]
    readonly_fields = ["endpoint", "event", "event_type", "body", "status", "attempts", "next_attempt_at",
                       "response_code", "error", "delivered_at", "created_at"]
