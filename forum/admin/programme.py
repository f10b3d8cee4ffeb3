"""Editions, sections, speakers and materials.

Titles (and an edition's theme) have a Russian and an English field (forum/translation.py).
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin, messages
from django.db.models import Count, Q, QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin, TranslationTabularInline

from .. import services
from ..models import ForumEdition, Material, Section, Speaker
from .common import URL_FIELD_OVERRIDES


class SectionInline(TranslationTabularInline):
    model = Section
    extra = 0
    fields = ["title", "starts_at", "ends_at", "room", "capacity"]
    show_change_link = True
    ordering = ["starts_at", "id"]


class MaterialInline(admin.TabularInline):
    model = Material
    formfield_overrides = URL_FIELD_OVERRIDES
    extra = 0
    fields = ["title", "kind", "section", "file", "url", "position"]

    def formfield_for_foreignkey(self, db_field: Any, request: HttpRequest, **kwargs: Any):
        # Only this edition's sections: a material cannot belong to another year's programme.
        if db_field.name == "section":
            edition_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = Section.objects.filter(edition_id=edition_id) if edition_id else Section.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


@admin.register(ForumEdition)
class ForumEditionAdmin(TranslationAdmin):
    list_display = ["year", "title", "status", "starts_at", "venue", "capacity", "confirmed_count", "waitlisted_count"]
    list_filter = ["status"]
    search_fields = ["title_ru", "title_en", "theme_ru", "theme_en", "venue", "address"]
    date_hierarchy = "starts_at"
    inlines = [SectionInline, MaterialInline]
    actions = ["copy_to_next_year", "fill_waitlist", "open_registration", "close_registration", "mark_held", "archive"]
    # The status moves only through the services (actions below), never by editing the field.
    readonly_fields = ["status"]
    fieldsets = [
        (None, {"fields": ["year", "title", "theme", "status", "capacity"]}),
        (_("Когда и где"), {"fields": ["starts_at", "ends_at", "venue", "address"]}),
        (_("О форуме"), {"fields": ["description"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(
                confirmed_total=Count("registrations", filter=Q(registrations__status__in=["confirmed", "attended"])),
                waitlisted_total=Count("registrations", filter=Q(registrations__status="waitlisted")),
            )
        )

    @admin.display(description=_("мест занято"), ordering="confirmed_total")
    def confirmed_count(self, obj: ForumEdition) -> int:
        return obj.confirmed_total

    @admin.display(description=_("в листе ожидания"), ordering="waitlisted_total")
    def waitlisted_count(self, obj: ForumEdition) -> int:
        return obj.waitlisted_total

    def save_model(self, request: HttpRequest, obj: ForumEdition, form: Any, change: bool) -> None:
        super().save_model(request, obj, form, change)
        if change and "capacity" in form.changed_data:
            # More seats: the waitlist moves up at once, with e-mails, as after a cancellation.
            promoted = services.fill_free_seats(obj, actor=request.user)
            if promoted:
                self.message_user(
                    request, _("Из листа ожидания переведено участников: %(n)d.") % {"n": promoted}, messages.SUCCESS
                )

    @admin.action(description=_("Создать форум следующего года по образцу"), permissions=["add"])
    def copy_to_next_year(self, request: HttpRequest, queryset: QuerySet) -> None:
        for edition in queryset.order_by("year"):
            try:
                copy = services.edition_copy_to_next_year(edition)
            except services.DomainError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(
                    request,
                    _(
                        "Создан форум %(year)s года: площадок %(n)d, даты сдвинуты на год. "
                        "Укажите докладчиков и модераторов и проверьте время."
                    ) % {"year": copy.year, "n": copy.sections.count()},
                    messages.SUCCESS,
                )

    def _move(self, request: HttpRequest, queryset: QuerySet, service: Any) -> None:
        moved = 0
        for edition in queryset.order_by("year"):
            try:
                service(edition, actor=request.user)
            except services.DomainError as exc:
                self.message_user(request, f"{edition.year}: {exc}", messages.ERROR)
            else:
                moved += 1
        if moved:
            self.message_user(request, _("Статус изменён у форумов: %(n)d.") % {"n": moved}, messages.SUCCESS)

    @admin.action(description=_("Открыть регистрацию"), permissions=["change"])
    def open_registration(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._move(request, queryset, services.edition_open_registration)

    @admin.action(description=_("Закрыть регистрацию"), permissions=["change"])
    def close_registration(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._move(request, queryset, services.edition_close_registration)

    @admin.action(description=_("Отметить, что форум состоялся"), permissions=["change"])
    def mark_held(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._move(request, queryset, services.edition_mark_held)

    @admin.action(description=_("Перенести в архив"), permissions=["change"])
    def archive(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._move(request, queryset, services.edition_archive)

    @admin.action(description=_("Перевести из листа ожидания на свободные места"), permissions=["change"])
    def fill_waitlist(self, request: HttpRequest, queryset: QuerySet) -> None:
        total = sum(services.fill_free_seats(edition, actor=request.user) for edition in queryset)
        self.message_user(request, _("Из листа ожидания переведено участников: %(n)d.") % {"n": total})


@admin.register(Speaker)
class SpeakerAdmin(admin.ModelAdmin):
    list_display = ["name", "position", "organisation"]
    search_fields = ["name", "position", "organisation"]


@admin.register(Section)
class SectionAdmin(TranslationAdmin):
    list_display = ["title", "edition", "starts_at", "ends_at", "room", "capacity", "seats_taken"]
    list_filter = ["edition"]
    list_select_related = ["edition"]
    search_fields = ["title_ru", "title_en", "description", "moderators", "speakers__name"]
    autocomplete_fields = ["speakers"]
    fieldsets = [
        (None, {"fields": ["edition", "title", "description"]}),
        (_("Время и место"), {"fields": ["starts_at", "ends_at", "room", "capacity"]}),
        (_("Люди"), {"fields": ["moderators", "speakers"]}),
    ]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super()
            .get_queryset(request)
            .annotate(taken=Count("section_registrations", filter=Q(section_registrations__status="confirmed")))
        )

    @admin.display(description=_("мест занято"), ordering="taken")
    def seats_taken(self, obj: Section) -> int:
        return obj.taken


@admin.register(Material)
class MaterialAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["title", "edition", "section", "kind", "position"]
    list_filter = ["kind", "edition"]
    list_select_related = ["edition", "section"]
    search_fields = ["title"]
    autocomplete_fields = ["section"]
