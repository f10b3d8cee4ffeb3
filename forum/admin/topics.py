"""Topics residents propose for the next forum; staff put them into the programme."""

from __future__ import annotations

from collections.abc import Callable

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Topic


class HideTopicForm(forms.Form):
    reason = forms.CharField(
        label=_("Причина скрытия"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Например: оскорбления, персональные данные, реклама."),
    )


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "author", "status", "support_count", "section", "created_at", "hide_link"]
    list_filter = ["status", "edition"]
    list_select_related = ["edition", "author", "section"]
    search_fields = ["title", "description"]
    readonly_fields = ["author", "status", "support_count", "section", "created_at", "hidden_reason",
                       "moderated_by", "moderated_at"]
    fields = ["edition", "title", "description", "author", "status", "support_count", "section", "created_at",
              "hidden_reason", "moderated_by", "moderated_at"]
    actions = ["include_in_programme", "include_as_section", "decline"]

    def get_urls(self) -> list:
        return [
            path("<int:pk>/hide/", self.admin_site.admin_view(self.hide_view), name="forum_topic_hide"),
            *super().get_urls(),
        ]

    @admin.display(description=_("скрыть"))
    def hide_link(self, obj: Topic) -> str:
        if obj.status not in (Topic.Status.PROPOSED, Topic.Status.DECLINED):
            return "—"
        return format_html('<a href="{}">{}</a>', reverse("admin:forum_topic_hide", args=[obj.pk]), _("Скрыть…"))

    def hide_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        """Hiding needs a reason, so it is a page with a form rather than a bulk action."""
        if not self.has_change_permission(request):
            raise PermissionDenied
        topic = get_object_or_404(Topic, pk=pk)
        form = HideTopicForm(request.POST or None)
        if request.method == "POST" and form.is_valid():
            try:
                services.topic_hide(topic, actor=request.user, reason=form.cleaned_data["reason"])
            except services.DomainError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, _("Тема «%(title)s» скрыта.") % {"title": topic.title}, messages.SUCCESS)
                return redirect("admin:forum_topic_changelist")
        context = {
            **self.admin_site.each_context(request), "opts": self.model._meta, "topic": topic, "form": form,
            "title": _("Скрыть тему «%(title)s»") % {"title": topic.title},
        }
        return TemplateResponse(request, "admin/forum/topic/hide.html", context)

    def save_model(self, request: HttpRequest, obj: Topic, form: ModelForm, change: bool) -> None:
        # Staff may add a topic raised at a meeting; they are its author.
        if not change:
            obj.author = request.user
        super().save_model(request, obj, form, change)

    def _run(self, request: HttpRequest, queryset: QuerySet, act: Callable[[Topic], Topic], done: str) -> None:
        count = 0
        for topic in queryset:
            try:
                act(topic)
            except services.DomainError as exc:
                self.message_user(request, str(exc), messages.WARNING)
            else:
                count += 1
        if count:
            self.message_user(request, done % {"n": count}, messages.SUCCESS)

    @admin.action(description=_("Включить в программу"), permissions=["change"])
    def include_in_programme(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._run(
            request, queryset, lambda t: services.topic_select(t, actor=request.user),
            _("Включено в программу тем: %(n)d."),
        )

    @admin.action(description=_("Включить в программу и создать площадку"), permissions=["change"])
    def include_as_section(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._run(
            request, queryset, lambda t: services.topic_select(t, actor=request.user, create_section=True),
            _("Создано площадок: %(n)d. Укажите их время, зал и докладчиков в программе форума."),
        )

    @admin.action(description=_("Не включать в программу"), permissions=["change"])
    def decline(self, request: HttpRequest, queryset: QuerySet) -> None:
        self._run(
            request, queryset, lambda t: services.topic_decline(t, actor=request.user),
            _("Отклонено тем: %(n)d."),
        )
