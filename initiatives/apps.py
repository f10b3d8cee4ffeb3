from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    """Citizen initiatives: models arrive with the «Citizen initiatives» issue."""

    name = "initiatives"
    verbose_name = _("Инициативы")
