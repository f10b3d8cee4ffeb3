from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Реестр: районы, советы, ТОС")

    def ready(self) -> None:
        from . import personal_data, role_permissions  # noqa: F401  (personal_data registers on import)

        role_permissions.register()
