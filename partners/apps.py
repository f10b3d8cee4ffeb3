from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    verbose_name = _("Партнёры")

    def ready(self) -> None:
        # Lower apps learn about partners only through their registries.
        from core.demo import register_demo_loader

        from . import integration, kinds, personal_data, role_permissions  # noqa: F401  (personal_data registers)
        from .demo import load_partners_demo

        kinds.register()
        role_permissions.register()
        integration.register()
        register_demo_loader("partners", load_partners_demo, order=40, needs_users=True)

        from . import plan

        plan.register()  # programmes' application windows in the city's work plan (core.plan)
