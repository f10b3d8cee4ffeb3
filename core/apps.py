from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    """Helpers every app may use; it imports no other app of the portal (see ARCHITECTURE.md)."""

    name = "core"
    verbose_name = _("Общее")
