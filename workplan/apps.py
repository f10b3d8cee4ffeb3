from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class WorkplanConfig(AppConfig):
    """The city's work plan («План работы»): one calendar of every app's events (core.plan), and its feeds."""

    name = "workplan"
    verbose_name = _("План работы")

    def ready(self) -> None:
        from core.demo import register_demo_loader

        from .demo import load_workplan_demo

        register_demo_loader("workplan", load_workplan_demo, order=60, needs_users=True)
