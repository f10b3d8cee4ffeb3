from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Инициативы")

    def ready(self) -> None:
        from . import personal_data  # noqa: F401  (registers export and erasure)
