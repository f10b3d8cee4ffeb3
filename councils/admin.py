"""Registry admin for council staff; moderators see only their district."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Count, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from accounts.scoping import DistrictScopedAdminMixin

from . import services
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


@admin.register(District)
class DistrictAdmin(DistrictScopedAdminMixin, TranslationAdmin):
    """Name and description in Russian and English (councils/translation.py)."""

    district_lookup = "pk"
    list_display = ["name", "population", "microdistrict_count", "sort_order"]
    search_fields = ["name_ru", "name_en"]
    prepopulated_fields = {"slug": ["name"]}

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(microdistrict_total=Count("microdistricts"))

    @admin.display(description=_("микрорайонов"), ordering="microdistrict_total")
    def microdistrict_count(self, obj: District) -> int:
        return obj.microdistrict_total


class BuildingInline(admin.TabularInline):
    model = Building
    extra = 1
    fields = ["street", "house"]


@admin.register(Microdistrict)
class MicrodistrictAdmin(DistrictScopedAdminMixin):
    district_lookup = "district"
    scoped_relations = {"district": "pk"}
    list_display = ["name", "district", "number", "population", "has_coordinates"]
    list_filter = ["district"]
    list_select_related = ["district"]
    search_fields = ["name", "buildings__street"]
    prepopulated_fields = {"slug": ["name"]}
    inlines = [BuildingInline]
    fieldsets = [
        (None, {"fields": ["district", "name", "slug", "number", "population", "description"]}),
        (_("На карте"), {"fields": ["latitude", "longitude", "boundary"]}),
    ]

    @admin.display(description=_("координаты"), boolean=True)
    def has_coordinates(self, obj: Microdistrict) -> bool:
        return obj.latitude is not None


@admin.register(Building)
class BuildingAdmin(DistrictScopedAdminMixin):
    district_lookup = "microdistrict__district"
    scoped_relations = {"microdistrict": "district"}
    list_display = ["street", "house", "microdistrict"]
    list_filter = ["microdistrict__district"]
    list_select_related = ["microdistrict"]
    search_fields = ["street", "house", "microdistrict__name"]
    autocomplete_fields = ["microdistrict"]


class AccountLinkMixin:
    """The `user` field of a registry record: editable by administrators only, each change recorded."""

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        fields = [*super().get_readonly_fields(request, obj), "user_linked_by", "user_linked_at"]
        if not services.can_link_accounts(request.user):
            fields.append("user")
        return fields

    def save_model(self, request: HttpRequest, obj: Any, form: Any, change: bool) -> None:
        if "user" in form.changed_data:
            services.record_account_link(obj, actor=request.user)
        super().save_model(request, obj, form, change)


class CouncilMemberInline(AccountLinkMixin, admin.TabularInline):
    model = CouncilMember
    extra = 0
    fields = ["full_name", "role", "position", "term_start", "term_end", "user", "user_linked_by", "user_linked_at"]
    raw_id_fields = ["user"]


class CouncilMeetingInline(admin.StackedInline):
    model = CouncilMeeting
    extra = 0
    fields = ["held_at", "place", "agenda", "decisions", "minutes_file", "is_published"]
    show_change_link = True


@admin.register(Council)
class CouncilAdmin(DistrictScopedAdminMixin):
    district_lookup = "district"
    scoped_relations = {"district": "pk", "microdistrict": "district", "tos": "district"}
    list_display = ["name", "kind", "district", "microdistrict", "is_active"]
    list_filter = ["kind", "district", "is_active"]
    list_select_related = ["district", "microdistrict"]
    search_fields = ["name", "description", "microdistrict__name", "tos__name"]
    prepopulated_fields = {"slug": ["name"]}
    autocomplete_fields = ["microdistrict", "tos"]
    inlines = [CouncilMemberInline, CouncilMeetingInline]

    def save_formset(self, request: HttpRequest, form: Any, formset: Any, change: bool) -> None:
        if formset.model is CouncilMember:
            for inline_form in formset.forms:
                if "user" in inline_form.changed_data and inline_form.instance not in formset.deleted_objects:
                    services.record_account_link(inline_form.instance, actor=request.user)
        super().save_formset(request, form, formset, change)
    fieldsets = [
        (None, {"fields": ["kind", "name", "slug", "district", "microdistrict", "tos", "is_active"]}),
        (_("О совете"), {"fields": ["description", "meeting_place", "contact_email", "contact_phone"]}),
    ]


@admin.register(CouncilMember)
class CouncilMemberAdmin(AccountLinkMixin, DistrictScopedAdminMixin):
    district_lookup = "council__district"
    scoped_relations = {"council": "district"}
    list_display = ["full_name", "role", "council", "term_start", "term_end"]
    list_filter = ["role", "council__kind", "council__district"]
    list_select_related = ["council"]
    search_fields = ["full_name", "position", "council__name"]
    autocomplete_fields = ["council"]
    raw_id_fields = ["user"]


@admin.register(CouncilMeeting)
class CouncilMeetingAdmin(DistrictScopedAdminMixin):
    district_lookup = "council__district"
    scoped_relations = {"council": "district"}
    list_display = ["council", "held_at", "place", "is_published"]
    list_filter = ["is_published", "council__kind", "council__district"]
    list_select_related = ["council"]
    search_fields = ["council__name", "agenda", "decisions"]
    date_hierarchy = "held_at"
    autocomplete_fields = ["council"]
    actions = ["publish", "unpublish"]

    @admin.action(description=_("Опубликовать выбранные заседания"), permissions=["change"])
    def publish(self, request: HttpRequest, queryset: QuerySet) -> None:
        updated = queryset.update(is_published=True)
        self.message_user(request, _("Опубликовано заседаний: %(n)d") % {"n": updated})

    @admin.action(description=_("Снять с публикации"), permissions=["change"])
    def unpublish(self, request: HttpRequest, queryset: QuerySet) -> None:
        updated = queryset.update(is_published=False)
        self.message_user(request, _("Снято с публикации: %(n)d") % {"n": updated})


@admin.register(TOS)
class TOSAdmin(DistrictScopedAdminMixin):
    district_lookup = "district"
    scoped_relations = {"district": "pk", "microdistricts": "district"}
    list_display = ["name", "district", "territory_kind", "charter_registered_on", "is_legal_entity", "status"]
    list_filter = ["status", "district", "territory_kind", "is_legal_entity"]
    list_select_related = ["district"]
    search_fields = ["name", "territory_description", "chair_name", "ogrn"]
    prepopulated_fields = {"slug": ["name"]}
    filter_horizontal = ["microdistricts"]
    date_hierarchy = "charter_registered_on"
    fieldsets = [
        (None, {"fields": ["name", "slug", "district", "microdistricts", "status", "liquidated_on"]}),
        (_("Территория"), {"fields": ["territory_kind", "territory_description", "residents_covered"]}),
        (_("Устав и регистрация"), {"fields": [
            "charter_registered_on", "charter_file", "boundaries_decision_date", "boundaries_decision_number",
            "is_legal_entity", "ogrn",
        ]}),
        (_("Деятельность и контакты"), {"fields": ["goals", "chair_name", "contact_email", "contact_phone"]}),
    ]


@admin.register(MicrodistrictManager)
class MicrodistrictManagerAdmin(AccountLinkMixin, DistrictScopedAdminMixin):
    district_lookup = "district"
    scoped_relations = {"district": "pk", "microdistricts": "district"}
    list_display = ["full_name", "district", "work_phone", "work_email", "is_active"]
    list_filter = ["district", "is_active"]
    list_select_related = ["district"]
    search_fields = ["full_name", "work_email", "microdistricts__name"]
    filter_horizontal = ["microdistricts"]
    raw_id_fields = ["user"]
