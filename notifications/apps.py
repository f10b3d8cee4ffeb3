from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Уведомления")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from accounts.roles import ADMINISTRATOR, register_role_permissions

        from . import (
            personal_data,  # noqa: F401  (preferences export; addresses erased from the outbox)
            unread,
        )
        from .models import Notification

        # A notification saved one by one (admin, tests, get_or_create) changes its recipient's count.
        post_save.connect(
            lambda sender, instance, **kwargs: unread.forget([instance.recipient_id]),
            sender=Notification, weak=False, dispatch_uid="notifications.unread.forget",
        )
        register_role_permissions(ADMINISTRATOR, [("notifications", f"view_{m}") for m in ("notification", "event")])
