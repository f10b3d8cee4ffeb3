from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """«Статистика» and «Открытые данные»: figures and data sets without personal data."""

    name = "stats"
    verbose_name = _("Статистика и открытые данные")

    def ready(self) -> None:
        from . import datasets, figures  # noqa: F401  (both register their tables on import)
