from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PracticesConfig(AppConfig):
    """The best-practices library («Лучшие практики») and «Повторить практику»."""

    name = "practices"
    verbose_name = _("Лучшие практики")

    def ready(self) -> None:
        from core.demo import register_demo_loader
        from initiatives import extensions

        from . import panels, role_permissions
        from .demo import load_practices_demo

        role_permissions.register()
        extensions.register_detail_panel(panels.initiative_practice_panel)
        register_demo_loader("practices", load_practices_demo, order=55, needs_users=True)
