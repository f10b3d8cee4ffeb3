"""Topics residents propose for the next forum; staff put them into the programme."""

from __future__ import annotations

from collections.abc import Callable

from django.contrib import admin, messages
from django.db.models import QuerySet
from django.forms import ModelForm
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from .. import services
from ..models import Topic


@admin.register(Topic)
class TopicAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "author", "status", "support_count", "section", "created_at"]
    list_filter = ["status", "edition"]
    list_select_related = ["edition", "author", "section"]
    search_fields = ["title", "description"]
    readonly_fields = ["author", "status", "support_count", "section", "created_at"]
    fields = ["edition", "title", "description", "author", "status", "support_count", "section", "created_at"]
    actions = ["include_in_programme", "include_as_section", "decline"]

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
