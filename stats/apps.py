from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class StatsConfig(AppConfig):
    """«Статистика» and «Открытые данные»: figures and data sets without personal data."""

    name = "stats"
    verbose_name = _("Статистика и открытые данные")

    def ready(self) -> None:
        from initiatives import extensions

        from . import datasets, figures  # noqa: F401  (both register their tables on import)
        from .national import national_project_url

        # The initiative page's national-project tag links to the project's page here.
        extensions.register_national_project_url(national_project_url)
