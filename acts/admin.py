"""Staff work on normative acts in the admin; every status change is an action calling a service."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import admin, messages
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.errors import DomainError

from . import permissions, services
from .models import ActPoint, ActSection, ActStatusChange, DiscussionSummary, NormativeAct, PointComment


def _each(request: HttpRequest, queryset: QuerySet, action: Callable[[Any], Any], done: str) -> None:
    for obj in queryset:
        try:
            action(obj)
        except DomainError as exc:
            messages.error(request, f"«{obj}»: {exc}")
        else:
            messages.success(request, f"«{obj}»: {done}")


class ActSectionInline(admin.TabularInline):
    model = ActSection
    extra = 0


class ActPointInline(admin.StackedInline):
    model = ActPoint
    extra = 0
    fields = (("section", "number", "position"), "text", "adopted_text")

    def formfield_for_foreignkey(self, db_field, request, **kwargs):
        if db_field.name == "section":
            act_id = request.resolver_match.kwargs.get("object_id") if request.resolver_match else None
            kwargs["queryset"] = ActSection.objects.filter(act_id=act_id) if act_id else ActSection.objects.none()
        return super().formfield_for_foreignkey(db_field, request, **kwargs)


class ActStatusChangeInline(admin.TabularInline):
    model = ActStatusChange
    extra = 0
    can_delete = False
    readonly_fields = ("from_status", "to_status", "actor", "reason", "created_at")

    def has_add_permission(self, request, obj=None) -> bool:
        return False


class ReasonForm(forms.Form):
    reason = forms.CharField(label=gettext_lazy("Причина"), widget=forms.Textarea(attrs={"rows": 3}))


@admin.register(NormativeAct)
class NormativeActAdmin(admin.ModelAdmin):
    list_display = ("title", "kind", "status", "discussion_starts_on", "discussion_ends_on", "summary_published_at")
    list_filter = ("status", "kind")
    search_fields = ("title", "number")
    prepopulated_fields = {"slug": ("title",)}
    filter_horizontal = ("districts",)
    readonly_fields = ("status", "summary_published_at", "created_at")
    inlines = (ActSectionInline, ActPointInline, ActStatusChangeInline)
    actions = ("open_discussion", "close_discussion", "adopt", "reject", "publish_summary")
    fieldsets = (
        (None, {"fields": ("kind", "title", "slug", "summary", "drafted_by", "districts", "status")}),
        (gettext_lazy("Обсуждение"), {"fields": ("discussion_starts_on", "discussion_ends_on",
                                                  "summary_published_at")}),
        (gettext_lazy("Принятие"), {"fields": ("number", "adopted_on", "adopted_pdf")}),
    )

    @admin.action(description=gettext_lazy("Вынести на обсуждение (даты — из полей акта)"))
    def open_discussion(self, request: HttpRequest, queryset: QuerySet) -> None:
        _each(request, queryset, lambda a: services.open_discussion(a, actor=request.user),
              _("вынесен на обсуждение."))

    @admin.action(description=gettext_lazy("Завершить обсуждение"))
    def close_discussion(self, request: HttpRequest, queryset: QuerySet) -> None:
        _each(request, queryset, lambda a: services.close_discussion(a, actor=request.user),
              _("обсуждение завершено."))

    @admin.action(description=gettext_lazy("Отметить принятым (номер и дата — из полей акта)"))
    def adopt(self, request: HttpRequest, queryset: QuerySet) -> None:
        _each(request, queryset, lambda a: services.adopt(a, actor=request.user, number=a.number,
                                                          adopted_on=a.adopted_on), _("принят."))

    @admin.action(description=gettext_lazy("Отклонить"))
    def reject(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form = ReasonForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            _each(request, queryset, lambda a: services.reject(a, actor=request.user,
                                                               reason=form.cleaned_data["reason"]), _("отклонён."))
            return None
        return render(request, "admin/acts/reason_form.html", {
            **self.admin_site.each_context(request), "form": form, "objects": queryset,
            "action": "reject", "title": _("Отклонить акт"), "opts": self.model._meta,
        })

    @admin.action(description=gettext_lazy("Опубликовать итоги обсуждения"))
    def publish_summary(self, request: HttpRequest, queryset: QuerySet) -> None:
        _each(request, queryset, lambda a: services.publish_summary(a, actor=request.user),
              _("итоги обсуждения опубликованы."))


class DiscussionSummaryForm(forms.ModelForm):
    class Meta:
        model = DiscussionSummary
        fields = ("point", "decision", "reasoning")


@admin.register(DiscussionSummary)
class DiscussionSummaryAdmin(admin.ModelAdmin):
    form = DiscussionSummaryForm
    list_display = ("point", "decision", "updated_at")
    list_filter = ("decision", "point__act")
    autocomplete_fields = ("point",)

    def save_model(self, request: HttpRequest, obj: DiscussionSummary, form: Any, change: bool) -> None:
        # Through the service: it checks the right and that the discussion is over.
        try:
            saved = services.summary_set(obj.point, actor=request.user, decision=obj.decision,
                                         reasoning=obj.reasoning)
        except DomainError as exc:
            raise forms.ValidationError(str(exc)) from exc
        obj.pk = saved.pk

    def has_add_permission(self, request: HttpRequest) -> bool:
        return super().has_add_permission(request) and permissions.can_manage_acts(request.user)


@admin.register(ActPoint)
class ActPointAdmin(admin.ModelAdmin):
    list_display = ("number", "act", "section")
    list_filter = ("act",)
    search_fields = ("number", "text", "act__title")


@admin.register(PointComment)
class PointCommentAdmin(admin.ModelAdmin):
    list_display = ("body_excerpt", "point", "created_at", "is_hidden", "awaiting_moderation", "report_count")
    list_filter = ("is_hidden", "awaiting_moderation", "point__act")
    readonly_fields = ("point", "author", "parent", "body", "created_at", "edited_at", "is_hidden",
                       "awaiting_moderation", "hidden_reason", "moderated_by", "report_count")
    actions = ("hide", "restore")

    @admin.display(description=gettext_lazy("комментарий"))
    def body_excerpt(self, obj: PointComment) -> str:
        return obj.body[:80]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    @admin.action(description=gettext_lazy("Скрыть"))
    def hide(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse | None:
        form = ReasonForm(request.POST if "confirm" in request.POST else None)
        if form.is_bound and form.is_valid():
            _each(request, queryset.select_related("point__act"),
                  lambda c: services.comment_hide(c, moderator=request.user, reason=form.cleaned_data["reason"]),
                  _("скрыт."))
            return None
        return render(request, "admin/acts/reason_form.html", {
            **self.admin_site.each_context(request), "form": form, "objects": queryset,
            "action": "hide", "title": _("Скрыть комментарии"), "opts": self.model._meta,
        })

    @admin.action(description=gettext_lazy("Вернуть"))
    def restore(self, request: HttpRequest, queryset: QuerySet) -> None:
        _each(request, queryset.select_related("point__act"),
              lambda c: services.comment_restore(c, moderator=request.user), _("возвращён."))
