"""Delivery state for staff: failed e-mails are visible and can be retried."""

from __future__ import annotations

from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from . import services
from .models import Event, Notification


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "recipient", "email_status", "email_attempts", "email_sent_at", "created_at"]
    list_filter = ["email_status", "kind"]
    list_select_related = ["recipient"]
    search_fields = ["recipient__email", "email"]
    date_hierarchy = "created_at"
    readonly_fields = [
        "event", "kind", "recipient", "email", "in_app", "read_at", "created_at", "email_status", "email_attempts",
        "email_claimed_at", "email_next_attempt_at", "email_sent_at", "email_error",
    ]
    actions = ["retry_failed"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False

    def has_retry_permission(self, request: HttpRequest) -> bool:
        from accounts import roles

        return request.user.is_superuser or roles.has_role(request.user, roles.ADMINISTRATOR)

    @admin.action(description=_("Повторить отправку e-mail"), permissions=["retry"])
    def retry_failed(self, request: HttpRequest, queryset: QuerySet) -> None:
        ids = list(queryset.filter(email_status=Notification.EmailStatus.FAILED).values_list("pk", flat=True))
        Notification.objects.filter(pk__in=ids).update(
            email_status=Notification.EmailStatus.PENDING, email_attempts=0, email_next_attempt_at=None
        )
        # With the broker down this only logs; the periodic sweep sends them later.
        services.enqueue("deliver_emails", ids)
        self.message_user(request, _("Поставлено в очередь: %(n)d") % {"n": len(ids)})


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["id", "kind", "actor", "created_at", "expanded_at", "recipient_count"]
    list_filter = ["kind"]
    list_select_related = ["actor"]
    readonly_fields = ["kind", "payload", "actor", "created_at", "expanded_at", "claimed_at", "recipient_count"]
    date_hierarchy = "created_at"

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_change_permission(self, request: HttpRequest, obj=None) -> bool:
        return False
