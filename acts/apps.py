from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActsConfig(AppConfig):
    """Normative acts discussed point by point before adoption («Нормативные акты»)."""

    name = "acts"
    verbose_name = _("Нормативные акты")

    def ready(self) -> None:
        from . import notices, personal_data, role_permissions  # noqa: F401  (personal_data registers on import)

        notices.register()
        role_permissions.register()
