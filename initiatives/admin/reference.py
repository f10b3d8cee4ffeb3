"""Reference data (categories, national projects, support rules) and the status log.

Administrators edit the reference data; moderators only view it (role permissions). Names and
descriptions have a Russian and an English field (initiatives/translation.py); the Russian is
required, an empty English one shows the Russian on English pages.
`Support` and `Follow` are deliberately not registered: who supported or follows
which initiative is a resident's civic position, personal data no staff task
needs (152-FZ: only what a purpose needs). Staff see the counter on the
initiative; the support services keep it exact.
"""

from __future__ import annotations

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from modeltranslation.admin import TranslationAdmin

from accounts.scoping import DistrictScopedAdminMixin

from ..models import Category, Initiative, NationalProject, StatusChange, SupportRule


@admin.register(Category)
class CategoryAdmin(TranslationAdmin):
    list_display = ["name", "slug", "named_in_resolution", "sort_order"]
    list_editable = ["sort_order"]
    list_filter = ["named_in_resolution"]
    search_fields = ["name_ru", "name_en"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(NationalProject)
class NationalProjectAdmin(TranslationAdmin):
    list_display = ["name", "slug", "is_active", "sort_order"]
    list_editable = ["sort_order"]
    list_filter = ["is_active"]
    search_fields = ["name_ru", "name_en"]
    prepopulated_fields = {"slug": ["name"]}


@admin.register(SupportRule)
class SupportRuleAdmin(admin.ModelAdmin):
    """Defaults applied when an initiative is published; published initiatives keep theirs."""

    list_display = ["scope", "support_threshold", "collection_days"]


@admin.register(StatusChange)
class StatusChangeAdmin(DistrictScopedAdminMixin):
    """The log of every status change, by whom and why. Written only by the transition services."""

    district_lookup = "initiative__district"
    list_display = ["created_at", "initiative", "from_status", "to_status", "actor_name", "reason"]
    list_filter = ["to_status", "from_status", ("actor", admin.EmptyFieldListFilter),
                   ("initiative__district", admin.RelatedOnlyFieldListFilter)]
    list_select_related = ["initiative", "actor"]
    search_fields = ["initiative__title", "reason"]
    date_hierarchy = "created_at"
    ordering = ["-created_at", "-id"]
    fields = ["initiative", "from_status", "to_status", "actor_name", "reason", "created_at"]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        qs = super().get_queryset(request).filter(
            initiative__in=Initiative.objects.filter(Initiative.reached_moderation_q())
        )
        if not request.user.has_perm("initiatives.change_initiative"):
            # Managers see the timeline of public initiatives only, as on the site.
            public = Initiative.public_q()
            qs = qs.filter(initiative__in=Initiative.objects.filter(public))
        return qs

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("кто"), ordering="actor__display_name")
    def actor_name(self, obj: StatusChange) -> str:
        return obj.actor.public_name if obj.actor_id else _("система")
