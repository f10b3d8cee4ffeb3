"""Read-only inlines of an initiative: each of these rows is written by a service, never typed in here."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.db.models import Model, QuerySet
from django.http import HttpRequest
from django.template.defaultfilters import filesizeformat
from django.utils import timezone
from django.utils.formats import date_format
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..models import (
    CoauthorInvitation,
    InitiativeDocument,
    InitiativePhoto,
    OfficialResponse,
    ProgressUpdate,
    StatusChange,
)


class ReadOnlyInline(admin.TabularInline):
    extra = 0
    can_delete = False
    show_change_link = False

    def get_readonly_fields(self, request: HttpRequest, obj: Model | None = None) -> list[str]:
        return list(self.fields)

    def has_add_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Model | None = None) -> bool:
        return False

    @admin.display(description=gettext_lazy("когда"))
    def when(self, obj: Model) -> str:
        return date_format(timezone.localtime(obj.created_at), "DATETIME_FORMAT")


def _person(user: Any) -> str:
    return user.public_name if user is not None else _("система")


class StatusChangeInline(ReadOnlyInline):
    model = StatusChange
    verbose_name_plural = gettext_lazy("история статусов")
    fields = ["when", "from_status", "to_status", "actor_name", "reason"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("actor")

    @admin.display(description=gettext_lazy("кто"))
    def actor_name(self, obj: StatusChange) -> str:
        return _person(obj.actor)


class OfficialResponseInline(ReadOnlyInline):
    model = OfficialResponse
    fields = ["when", "organisation", "body", "attachment_link", "author_name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("author")

    @admin.display(description=gettext_lazy("документ"))
    def attachment_link(self, obj: OfficialResponse) -> str:
        return format_html('<a href="{}">PDF</a>', obj.attachment.url) if obj.attachment else "—"

    @admin.display(description=gettext_lazy("опубликовал"))
    def author_name(self, obj: OfficialResponse) -> str:
        return _person(obj.author)


def _thumb(photo: InitiativePhoto | None) -> str:
    if photo is None or not photo.thumbnail:
        return "—"
    return format_html('<a href="{}"><img src="{}" alt="" class="admin-thumb"></a>',
                       photo.image.url, photo.thumbnail.url)


class ProgressUpdateInline(ReadOnlyInline):
    model = ProgressUpdate
    fields = ["when", "body", "before", "after", "author_name"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("author", "photo_before", "photo_after")

    @admin.display(description=gettext_lazy("до"))
    def before(self, obj: ProgressUpdate) -> str:
        return _thumb(obj.photo_before)

    @admin.display(description=gettext_lazy("после"))
    def after(self, obj: ProgressUpdate) -> str:
        return _thumb(obj.photo_after)

    @admin.display(description=gettext_lazy("опубликовал"))
    def author_name(self, obj: ProgressUpdate) -> str:
        return _person(obj.author)


class PhotoInline(ReadOnlyInline):
    model = InitiativePhoto
    fields = ["preview", "kind", "caption", "position", "when"]

    @admin.display(description=gettext_lazy("фото"))
    def preview(self, obj: InitiativePhoto) -> str:
        return _thumb(obj)


class DocumentInline(ReadOnlyInline):
    model = InitiativeDocument
    fields = ["document", "file_size", "when"]

    @admin.display(description=gettext_lazy("документ"))
    def document(self, obj: InitiativeDocument) -> str:
        return format_html('<a href="{}">{}</a>', obj.get_absolute_url(), obj.title) if obj.file else obj.title

    @admin.display(description=gettext_lazy("размер"))
    def file_size(self, obj: InitiativeDocument) -> str:
        return filesizeformat(obj.size)


class InvitationInline(ReadOnlyInline):
    """The initiative group. The e-mail is for staff only (view_coauthorinvitation); never public."""

    model = CoauthorInvitation
    fields = ["email", "status", "coauthor_name", "when", "answered"]

    def get_queryset(self, request: HttpRequest) -> QuerySet:
        return super().get_queryset(request).select_related("user")

    @admin.display(description=gettext_lazy("соавтор"))
    def coauthor_name(self, obj: CoauthorInvitation) -> str:
        return obj.user.public_name if obj.user_id else "—"

    @admin.display(description=gettext_lazy("ответ получен"))
    def answered(self, obj: CoauthorInvitation) -> str:
        return date_format(timezone.localtime(obj.answered_at), "DATETIME_FORMAT") if obj.answered_at else "—"
