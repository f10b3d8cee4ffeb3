"""Resolutions, their items and progress reports.

A new report entered here goes through `progress_report_add`, so it moves the
item's status and percent exactly as a report from the public page does.
"""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Prefetch, QuerySet
from django.forms import BaseInlineFormSet, ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _
from modeltranslation.admin import TranslationAdmin

from .. import services
from ..models import ProgressReport, Resolution, ResolutionItem, overall_progress
from .common import URL_FIELD_OVERRIDES


class ResolutionItemInline(admin.TabularInline):
    model = ResolutionItem
    extra = 0
    fields = ["number", "kind", "text", "status", "progress_percent", "deadline"]
    # Status and percent move only with a progress report (services.progress_report_add).
    readonly_fields = ["status", "progress_percent"]
    show_change_link = True
    ordering = ["number"]


@admin.register(Resolution)
class ResolutionAdmin(TranslationAdmin):
    """The title in Russian and English (forum/translation.py); the adopted text as it was adopted."""

    list_display = ["title", "edition", "adopted_on", "item_count", "overall"]
    list_select_related = ["edition"]
    search_fields = ["title_ru", "title_en", "preamble", "items__text"]
    inlines = [ResolutionItemInline]
    fields = ["edition", "title", "adopted_on", "preamble", "decisions_intro", "recommendations_intro"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        items = ResolutionItem.objects.only("id", "resolution_id", "status", "progress_percent")
        return super().get_queryset(request).prefetch_related(Prefetch("items", queryset=items))

    @admin.display(description=_("пунктов"))
    def item_count(self, obj: Resolution) -> int:
        return len(obj.items.all())

    @admin.display(description=_("выполнено в целом"))
    def overall(self, obj: Resolution) -> str:
        value = overall_progress(obj.items.all())
        return "—" if value is None else f"{value} %"


class ProgressReportInline(admin.StackedInline):
    model = ProgressReport
    formfield_overrides = URL_FIELD_OVERRIDES
    extra = 0
    fields = ["reported_on", "text", "evidence_url", "evidence_file", "new_status", "new_percent", "author"]
    readonly_fields = ["author"]
    ordering = ["-reported_on", "-id"]


def _add_report(item: ResolutionItem, report: ProgressReport, author: Any) -> ProgressReport:
    return services.progress_report_add(
        item, author=author, text=report.text, reported_on=report.reported_on, evidence_url=report.evidence_url,
        evidence_file=report.evidence_file or None, new_status=report.new_status, new_percent=report.new_percent,
    )


@admin.register(ResolutionItem)
class ResolutionItemAdmin(admin.ModelAdmin):
    list_display = ["number", "short_text", "resolution", "kind", "status", "progress_percent", "deadline"]
    list_display_links = ["number", "short_text"]
    list_filter = ["status", "kind", "resolution__edition"]
    list_select_related = ["resolution__edition"]
    search_fields = ["text", "responsible_organisations"]
    autocomplete_fields = ["responsible_councils", "next_edition"]
    # Initiatives are many; a raw id field does not load them all into a select.
    raw_id_fields = ["initiatives"]
    inlines = [ProgressReportInline]
    # Status and percent move only with a progress report (the inline below, through the service).
    readonly_fields = ["status", "progress_percent"]
    fieldsets = [
        (None, {"fields": ["resolution", "number", "kind", "text"]}),
        (_("Исполнение"), {"fields": ["status", "progress_percent", "deadline"]}),
        (_("Ответственные"), {"fields": ["responsible_councils", "responsible_organisations"]}),
        (_("Связи"), {"fields": ["initiatives", "next_edition"]}),
    ]

    @admin.display(description=_("текст"))
    def short_text(self, obj: ResolutionItem) -> str:
        return obj.text if len(obj.text) <= 90 else obj.text[:89] + "…"

    def save_formset(self, request: HttpRequest, form: ModelForm, formset: BaseInlineFormSet, change: bool) -> None:
        if formset.model is not ProgressReport:
            super().save_formset(request, form, formset, change)
            return
        reports = formset.save(commit=False)
        for obj in formset.deleted_objects:
            obj.delete()
        for report in reports:
            if report.pk is None:
                _add_report(form.instance, report, request.user)
            else:
                # Editing an old report corrects its text; it does not re-apply a past status.
                report.save()


@admin.register(ProgressReport)
class ProgressReportAdmin(admin.ModelAdmin):
    formfield_overrides = URL_FIELD_OVERRIDES
    list_display = ["reported_on", "item", "author", "new_status", "new_percent"]
    list_filter = ["new_status", "item__resolution__edition"]
    list_select_related = ["item", "author"]
    search_fields = ["text", "item__text"]
    autocomplete_fields = ["item"]
    readonly_fields = ["author"]
    date_hierarchy = "reported_on"
    fields = ["item", "reported_on", "text", "evidence_url", "evidence_file", "new_status", "new_percent", "author"]

    def save_model(self, request: HttpRequest, obj: ProgressReport, form: ModelForm, change: bool) -> None:
        if change:
            super().save_model(request, obj, form, change)
            return
        created = _add_report(obj.item, obj, request.user)
        # The admin redirects to the saved object: hand it the one the service created.
        obj.pk = created.pk
        obj.author = created.author
