from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Инициативы")

    def ready(self) -> None:
        from . import kinds, local, personal_data, role_permissions  # noqa: F401  (personal_data registers on import)

        kinds.register()
        role_permissions.register()
        local.register()
