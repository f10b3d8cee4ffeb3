from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ActsConfig(AppConfig):
    """Normative acts discussed point by point before adoption («Нормативные акты»)."""

    name = "acts"
    verbose_name = _("Нормативные акты")

    def ready(self) -> None:
        from core.demo import register_demo_loader

        from . import notices, personal_data, plan, role_permissions  # noqa: F401  (personal_data registers on import)
        from .demo import load_acts_demo

        notices.register()
        role_permissions.register()
        plan.register()
        register_demo_loader("acts", load_acts_demo, order=50, needs_users=True)
