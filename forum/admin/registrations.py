"""Participants: the list at the door, cancellations and the CSV list.

Seats change hands only through the services (waitlist, e-mails), so statuses
are read-only here and the admin neither adds nor bulk-deletes registrations.
Contacts (e-mail, phone) are shown and exported to administrators only.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.contrib.admin.options import IncorrectLookupParameters
from django.db.models import Prefetch, QuerySet
from django.http import HttpRequest, HttpResponse
from django.utils.translation import gettext_lazy as _

from core.exports import CsvExportAdminMixin

from .. import permissions, services
from ..exports import registrations_csv_response
from ..models import Registration, Section, SectionRegistration


class SectionFilter(admin.SimpleListFilter):
    title = _("площадка")
    parameter_name = "section"

    def lookups(self, request: HttpRequest, model_admin: admin.ModelAdmin) -> list[tuple[str, str]]:
        sections = Section.objects.select_related("edition").order_by("-edition__year", "starts_at")
        edition_id = request.GET.get("edition__id__exact")
        if edition_id and edition_id.isdigit():
            sections = sections.filter(edition_id=edition_id)
        return [(str(s.pk), f"{s.edition.year}: {s.title}") for s in sections]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        value = self.value()
        if not value:
            return queryset
        if not value.isdigit():
            raise IncorrectLookupParameters
        # A live place only (seat or queue); one place per section and registration, so no duplicates.
        return queryset.filter(
            section_registrations__section_id=int(value),
            section_registrations__status__in=[SectionRegistration.Status.CONFIRMED,
                                               SectionRegistration.Status.WAITLISTED],
        )


class SectionRegistrationInline(admin.TabularInline):
    model = SectionRegistration
    extra = 0
    fields = ["section", "status", "created_at"]
    readonly_fields = fields
    can_delete = False

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


@admin.register(Registration)
class RegistrationAdmin(CsvExportAdminMixin, admin.ModelAdmin):
    list_display = [
        "full_name", "edition_year", "participant_type", "organisation", "status", "code", "section_titles",
        "created_at",
    ]
    list_filter = ["status", "participant_type", "edition", SectionFilter]
    list_select_related = ["edition"]
    search_fields = ["full_name", "organisation", "checkin_code"]
    date_hierarchy = "created_at"
    inlines = [SectionRegistrationInline]
    actions = ["mark_attended", "cancel_registrations", "export_selected_csv"]
    _base_fields = [
        "edition", "full_name", "organisation", "participant_type", "status", "code", "created_at",
        "consent_given_at", "promoted_at", "attended_at", "checked_in_by", "cancelled_at", "cancelled_by",
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        places = SectionRegistration.objects.exclude(status="cancelled").select_related("section")
        return super().get_queryset(request).prefetch_related(
            Prefetch("section_registrations", queryset=places.order_by("section__starts_at"), to_attr="live_places")
        )

    def get_search_fields(self, request: HttpRequest) -> list[str]:
        # Searching by e-mail reveals whether an address is registered: administrators only.
        fields = list(super().get_search_fields(request))
        return [*fields, "user__email"] if permissions.is_administrator(request.user) else fields

    def get_fields(self, request: HttpRequest, obj: Registration | None = None) -> list[str]:
        if permissions.is_administrator(request.user):
            return [*self._base_fields[:4], "user_email", "user_phone", *self._base_fields[4:]]
        return self._base_fields

    def get_readonly_fields(self, request: HttpRequest, obj: Registration | None = None) -> list[str]:
        editable = {"full_name", "organisation", "participant_type"}
        return [f for f in self.get_fields(request, obj) if f not in editable]

    def has_add_permission(self, request: HttpRequest) -> bool:
        # A place is taken through the registration service (capacity, waitlist, e-mail), not typed in.
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Registration | None = None) -> bool:
        # Deleting a seat-holder would free the seat without promoting the waitlist; cancel instead.
        if obj is not None and obj.status != Registration.Status.CANCELLED:
            return False
        return super().has_delete_permission(request, obj)

    def get_actions(self, request: HttpRequest) -> dict[str, Any]:
        actions = super().get_actions(request)
        actions.pop("delete_selected", None)
        return actions

    @admin.display(description=_("год"), ordering="edition__year")
    def edition_year(self, obj: Registration) -> int:
        return obj.edition.year

    @admin.display(description=_("код"), ordering="checkin_code")
    def code(self, obj: Registration) -> str:
        return obj.display_code

    @admin.display(description=_("площадки"))
    def section_titles(self, obj: Registration) -> str:
        places = getattr(obj, "live_places", None)
        if places is None:
            places = obj.section_registrations.exclude(status="cancelled").select_related("section")
        return "; ".join(
            p.section.title + (f" ({p.get_status_display()})" if p.status != "confirmed" else "") for p in places
        ) or "—"

    @admin.display(description=_("e-mail"))
    def user_email(self, obj: Registration) -> str:
        return obj.user.email

    @admin.display(description=_("телефон"))
    def user_phone(self, obj: Registration) -> str:
        return obj.user.phone or "—"

    def _run(self, request: HttpRequest, queryset: QuerySet, service: Any, done_message: str) -> None:
        done, errors = 0, []
        for registration in queryset:
            try:
                service(registration, actor=request.user)
            except services.DomainError as exc:
                errors.append(str(exc))
            else:
                done += 1
        if done:
            self.message_user(request, done_message % {"n": done}, messages.SUCCESS)
        for error in errors[:10]:
            self.message_user(request, error, messages.WARNING)

    @admin.action(description=_("Отметить присутствие"), permissions=["change"])
    def mark_attended(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._run(request, queryset, services.registration_mark_attended, _("Отмечено участников: %(n)d."))

    @admin.action(description=_("Отменить регистрацию (место перейдёт листу ожидания)"), permissions=["change"])
    def cancel_registrations(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._run(request, queryset, services.registration_cancel, _("Отменено регистраций: %(n)d."))

    @admin.action(description=_("Выгрузить выбранных в CSV"), permissions=["view"])
    def export_selected_csv(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return registrations_csv_response(queryset, with_contacts=permissions.is_administrator(request.user))

    def export_response(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        return registrations_csv_response(queryset, with_contacts=permissions.is_administrator(request.user))
