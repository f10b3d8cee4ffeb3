"""Comment moderation: reports, comments hidden by reports awaiting a decision, hide and restore."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.contrib import admin
from django.db.models import Exists, Model, OuterRef, QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.text import Truncator
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from accounts.scoping import DistrictScopedAdminMixin
from accounts.trust import trusted_user_q

from .. import services
from ..models import Comment, CommentReport
from ..reports import has_twin_reports, twin_reports
from ..services import DomainError
from .base import ServiceAction, ServiceActionsMixin, bulk_actions
from .forms import HideCommentForm
from .inlines import ReadOnlyInline


def _when(value: dt.datetime | None) -> str:
    return date_format(timezone.localtime(value), "DATETIME_FORMAT") if value else "—"


def _restore(comment: Comment, moderator: Any, reason: str) -> None:
    # comment_restore on a visible comment would still record a moderator's decision,
    # which makes it immune to later reports; only hidden comments are restored.
    if not comment.is_hidden:
        raise DomainError(_("Комментарий и так виден."))
    services.comment_restore(comment, moderator=moderator, reason=reason)


COMMENT_ACTIONS = (
    ServiceAction(
        "hide_comments", gettext_lazy("Скрыть комментарий"),
        lambda c, u, d: services.comment_hide(c, moderator=u, reason=d["reason"]),
        done=gettext_lazy("скрыт."), form_class=HideCommentForm, needs_page=True, look="danger",
        shown=lambda c: not c.is_hidden or c.awaiting_moderation,
    ),
    ServiceAction(
        "restore_comments", gettext_lazy("Вернуть комментарий"),
        lambda c, u, d: _restore(c, u, d.get("reason", "")),
        done=gettext_lazy("снова виден."), shown=lambda c: c.is_hidden,
    ),
)


class CommentReportInline(ReadOnlyInline):
    model = CommentReport
    fields = ["when", "reporter_name", "reporter_joined", "counts_for_hiding", "created_together", "reason"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return (
            super().get_queryset(request).select_related("reporter")
            .annotate(
                trusted=Exists(CommentReport.objects.filter(trusted_user_q("reporter__"), pk=OuterRef("pk"))),
                twin=Exists(twin_reports().filter(pk=OuterRef("pk"))),
            )
        )

    @admin.display(description=gettext_lazy("кто пожаловался"))
    def reporter_name(self, obj: CommentReport) -> str:
        return obj.reporter.public_name

    @admin.display(description=gettext_lazy("аккаунт создан"))
    def reporter_joined(self, obj: CommentReport) -> str:
        return _when(obj.reporter.date_joined)

    @admin.display(description=gettext_lazy("учитывается для скрытия"), boolean=True)
    def counts_for_hiding(self, obj: CommentReport) -> bool:
        return obj.trusted

    @admin.display(description=gettext_lazy("аккаунт создан вместе с другим жалобщиком"), boolean=True)
    def created_together(self, obj: CommentReport) -> bool:
        return obj.twin


class CreatedTogetherFilter(admin.SimpleListFilter):
    title = gettext_lazy("жалобы от аккаунтов, созданных вместе")
    parameter_name = "created_together"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("yes", _("да")), ("no", _("нет"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        match self.value():
            case "yes":
                return queryset.filter(twin_reports=True)
            case "no":
                return queryset.filter(twin_reports=False)
        return queryset


class ReportsFilter(admin.SimpleListFilter):
    title = gettext_lazy("жалобы")
    parameter_name = "reports"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [
            ("any", _("есть жалобы")),
            ("many", _("%(n)d и больше") % {"n": Comment.REPORTS_TO_HIDE}),
            ("none", _("нет жалоб")),
        ]

    def queryset(self, request: HttpRequest, queryset: QuerySet) -> QuerySet:
        match self.value():
            case "any":
                return queryset.filter(report_count__gt=0)
            case "many":
                return queryset.filter(report_count__gte=Comment.REPORTS_TO_HIDE)
            case "none":
                return queryset.filter(report_count=0)
        return queryset


@admin.register(Comment)
class CommentAdmin(ServiceActionsMixin, DistrictScopedAdminMixin):
    """Comments are never edited or deleted by staff: they are hidden (with a reason) or restored."""

    district_lookup = "initiative__district"
    service_actions = COMMENT_ACTIONS
    actions = bulk_actions(COMMENT_ACTIONS)
    list_display = [
        "excerpt", "initiative_title", "author_name", "posted", "reports", "reporters_created_together", "is_hidden",
        "awaiting_moderation",
    ]
    list_filter = [
        "awaiting_moderation", "is_hidden", ReportsFilter, CreatedTogetherFilter,
        ("initiative__district", admin.RelatedOnlyFieldListFilter),
    ]
    list_select_related = ["initiative", "author"]
    search_fields = ["body", "initiative__title"]
    ordering = ["-awaiting_moderation", "-report_count", "-created_at"]
    inlines = [CommentReportInline]
    fields = [
        "initiative_title", "author_name", "body", "posted", "edited", "parent", "reports", "is_hidden",
        "awaiting_moderation", "hidden_reason", "moderator_name",
    ]
    readonly_fields = fields

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).annotate(twin_reports=has_twin_reports())

    @admin.display(description=gettext_lazy("жалобщики созданы вместе"), boolean=True, ordering="twin_reports")
    def reporters_created_together(self, obj: Comment) -> bool:
        # Several reports from accounts registered within an hour of each other look coordinated.
        return obj.twin_reports

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        # The change page is read-only; hiding and restoring are the actions below.
        return obj is None and super().has_change_permission(request)

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_moderate_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("initiatives.change_comment")

    def describe_for_action(self, obj: Comment) -> str:
        return f"{obj.author.public_name}: {Truncator(obj.body).chars(200)}"

    @admin.display(description=gettext_lazy("комментарий"))
    def excerpt(self, obj: Comment) -> str:
        return Truncator(obj.body).chars(80)

    # The foreign key has no verbose name of its own: the column would read «INITIATIVE».
    @admin.display(description=gettext_lazy("инициатива"), ordering="initiative__title")
    def initiative_title(self, obj: Comment) -> str:
        return obj.initiative.title

    @admin.display(description=gettext_lazy("автор"), ordering="author__display_name")
    def author_name(self, obj: Comment) -> str:
        return obj.author.public_name

    @admin.display(description=gettext_lazy("написан"), ordering="created_at")
    def posted(self, obj: Comment) -> str:
        return _when(obj.created_at)

    @admin.display(description=gettext_lazy("исправлен"))
    def edited(self, obj: Comment) -> str:
        return _when(obj.edited_at)

    @admin.display(description=gettext_lazy("жалоб"), ordering="report_count")
    def reports(self, obj: Comment) -> int:
        return obj.report_count

    @admin.display(description=gettext_lazy("решение принял"))
    def moderator_name(self, obj: Comment) -> str:
        return obj.moderated_by.public_name if obj.moderated_by_id else "—"
