from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PartnersConfig(AppConfig):
    default_auto_field = "django.db.models.BigAutoField"
    name = "partners"
    verbose_name = _("Партнёры")

    def ready(self) -> None:
        # Lower apps learn about partners only through their registries.
        from . import integration

        integration.register()
