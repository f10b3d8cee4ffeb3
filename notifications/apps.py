from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NotificationsConfig(AppConfig):
    name = "notifications"
    verbose_name = _("Уведомления")

    def ready(self) -> None:
        from accounts.roles import ADMINISTRATOR, register_role_permissions

        from . import personal_data  # noqa: F401  (preferences export; addresses erased from the outbox)

        register_role_permissions(ADMINISTRATOR, [("notifications", f"view_{m}") for m in ("notification", "event")])
