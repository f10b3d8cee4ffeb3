"""The moderation queue: initiatives for council staff, limited to their district."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.db.models import Case, IntegerField, Model, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.timesince import timesince
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import DistrictScopedAdminMixin
from core.exports import CsvExportAdminMixin

from ..exports import initiatives_csv_response
from ..models import Initiative
from .actions import INITIATIVE_ACTIONS
from .base import ServiceActionsMixin, bulk_actions
from .forms import InitiativeAdminForm, staff_editable_fields
from .inlines import (
    DocumentInline,
    InvitationInline,
    OfficialResponseInline,
    PhotoInline,
    ProgressUpdateInline,
    StatusChangeInline,
)

S = Initiative.Status

# Moderation is the queue's head, then the revision loop, then the rest.
QUEUE_RANK = Case(
    When(status=S.MODERATION, then=Value(0)), When(status=S.REVISION, then=Value(1)), default=Value(2),
    output_field=IntegerField(),
)
LONG_WAIT = dt.timedelta(days=7)
CHANGE_URL_NAME = "initiatives_initiative_change"


@admin.action(description=gettext_lazy("Выгрузить выбранные в CSV"), permissions=["view"])
def export_csv(modeladmin: InitiativeAdmin, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
    return initiatives_csv_response(queryset)


# --- filters ------------------------------------------------------------------------------------------


class StatusFilter(admin.SimpleListFilter):
    """Statuses staff can meet here: drafts are the group's private work and never listed."""

    title = gettext_lazy("статус")
    parameter_name = "status"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(value, label) for value, label in S.choices if value != S.DRAFT]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value in S.values and value != S.DRAFT:
            return queryset.filter(status=value)
        return queryset


class WaitingLongerFilter(admin.SimpleListFilter):
    title = gettext_lazy("ожидает модерации")
    parameter_name = "waiting_days"
    DAYS = (3, 7, 14, 30)

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [(str(n), _("больше %(n)d дн.") % {"n": n}) for n in self.DAYS]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if value not in {str(n) for n in self.DAYS}:
            return queryset
        since = timezone.now() - dt.timedelta(days=int(value))
        return queryset.filter(status=S.MODERATION, submitted_at__lt=since)


# --- the admin ----------------------------------------------------------------------------------------

CONTENT_FIELDS = ["title", "summary", "description", "status_badge", "author_name", "created_at", "updated_at"]
PLACE_FIELDS = ["scope", "district", "microdistrict", "tos", "address", "latitude", "longitude"]
RESOURCE_FIELDS = [
    "estimated_budget", "needs_money", "needs_volunteers", "needs_materials", "needs_expertise",
    "resources_description",
]
SUPPORT_FIELDS = ["submitted_at", "published_at", "support_threshold", "collection_deadline", "support_count"]
ALL_FORM_FIELDS = [
    *CONTENT_FIELDS, *PLACE_FIELDS, "category", "national_project", *RESOURCE_FIELDS, *SUPPORT_FIELDS,
    "forwarded_to", "planned_start", "planned_end", "is_best_practice", "best_practice_summary",
]


@admin.register(Initiative)
class InitiativeAdmin(CsvExportAdminMixin, ServiceActionsMixin, DistrictScopedAdminMixin):
    """The moderation queue. Status is never edited here: it moves only through the actions (services)."""

    district_lookup = "district"
    scoped_relations = {"forwarded_to": "district"}
    form = InitiativeAdminForm
    service_actions = INITIATIVE_ACTIONS
    actions = [*bulk_actions(INITIATIVE_ACTIONS), export_csv]

    class Media:
        css = {"all": ["css/admin-portal.css"]}  # status badges, thumbnails (no inline styles under the CSP)
    list_display = [
        "title", "status_badge", "category", "district", "microdistrict", "author_name", "submitted_at",
        "waiting", "support_progress",
    ]
    list_filter = [
        StatusFilter, ("district", admin.RelatedOnlyFieldListFilter), "category", "national_project", "scope",
        WaitingLongerFilter,
    ]
    list_select_related = ["category", "district", "microdistrict", "author"]
    search_fields = ["title", "summary"]
    list_per_page = 50
    inlines = [
        StatusChangeInline, OfficialResponseInline, ProgressUpdateInline, PhotoInline, DocumentInline,
        InvitationInline,
    ]
    fieldsets = [
        (None, {"fields": CONTENT_FIELDS}),
        (gettext_lazy("Место"), {"fields": PLACE_FIELDS}),
        (gettext_lazy("Классификация"), {"fields": ["category", "national_project"]}),
        (gettext_lazy("Что нужно"), {"fields": RESOURCE_FIELDS, "classes": ["collapse"]}),
        (gettext_lazy("Сбор поддержки"), {"fields": SUPPORT_FIELDS}),
        (gettext_lazy("Рассмотрение и лучшая практика"), {
            "fields": ["forwarded_to", ("planned_start", "planned_end"), "is_best_practice", "best_practice_summary"],
        }),
    ]

    # --- scope and permissions -------------------------------------------------------------------

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        # The mixin filters district=<moderator's district>; city-wide initiatives
        # (district NULL) never equal it, so only city-wide staff see them. Drafts
        # are the group's private work and are not shown to anyone here.
        qs = super().get_queryset(request).filter(Initiative.reached_moderation_q())
        if not request.user.has_perm("initiatives.change_initiative"):
            # Managers answer publicly; the moderation loop is not theirs to read.
            qs = qs.filter(Initiative.public_q())
        match = request.resolver_match
        if request.method == "POST" and match is not None and match.url_name == CHANGE_URL_NAME:
            # The change form's POST runs in ModelAdmin.changeform_view's transaction:
            # lock the row so the staff fields are validated and saved against the
            # current status, not one a concurrent transition has just changed.
            qs = qs.select_for_update(of=("self",))
        return qs

    def get_ordering(self, request: HttpRequest) -> list[Any]:
        # The queue: in moderation first, the longest waiting on top.
        return [QUEUE_RANK.asc(), "submitted_at", "-pk"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # Initiatives are submitted by residents through the portal.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # The timeline is a public record: reject instead. Only a superuser may remove (e.g. unlawful content).
        return request.user.is_superuser and super().has_delete_permission(request, obj)

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("initiatives.change_initiative")

    def has_respond_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("initiatives.add_officialresponse")

    def has_report_progress_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("initiatives.add_progressupdate")

    def get_readonly_fields(self, request: HttpRequest, obj: Initiative | None = None) -> list[str]:
        editable = staff_editable_fields(obj) if obj is not None else set()
        return [f for f in ALL_FORM_FIELDS if f not in editable]

    def save_model(self, request: HttpRequest, obj: Initiative, form: Any, change: bool) -> None:
        # Only the staff fields that changed: never the status or the support counter.
        fields = [f for f in form.changed_data if f in staff_editable_fields(obj)]
        if fields:
            obj.save(update_fields=[*fields, "updated_at"])

    # --- list columns ------------------------------------------------------------------------------

    @admin.display(description=gettext_lazy("статус"), ordering="status")
    def status_badge(self, obj: Initiative) -> str:
        # Colours live in static/css/admin-portal.css (the CSP forbids style attributes).
        return format_html('<span class="admin-status admin-status-{}">{}</span>', obj.status,
                           obj.get_status_display())

    @admin.display(description=gettext_lazy("автор"), ordering="author__display_name")
    def author_name(self, obj: Initiative) -> str:
        return obj.author.public_name

    @admin.display(description=gettext_lazy("ждёт"), ordering="submitted_at")
    def waiting(self, obj: Initiative) -> str:
        if obj.status != S.MODERATION or obj.submitted_at is None:
            return "—"
        waited = timesince(obj.submitted_at, depth=2)
        if timezone.now() - obj.submitted_at > LONG_WAIT:
            return format_html('<strong class="admin-long-wait">{}</strong>', waited)
        return waited

    @admin.display(description=gettext_lazy("поддержка / порог"), ordering="support_count")
    def support_progress(self, obj: Initiative) -> str:
        return f"{obj.support_count} / {obj.support_threshold or '—'}"

    # --- export and the action pages -------------------------------------------------------------

    def describe_for_action(self, obj: Initiative) -> str:
        return f"{obj.title} — {obj.get_status_display()}, {obj.place_label}"

    def export_response(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return initiatives_csv_response(queryset)
