from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    """The annual forum: editions and programme, registration, resolutions and their progress, topics."""

    name = "forum"
    verbose_name = _("Форум")

    def ready(self) -> None:
        # The forum's notification kinds (letters, the reminder's participants), its role
        # permissions, and its sections of the personal-data export and account deletion.
        from . import admin_home, events, personal_data, role_permissions  # noqa: F401

        events.register_kinds()
        admin_home.register()
        role_permissions.register()

        from core.demo import register_demo_loader

        from .demo import load_demo

        # After the registry: the forum links the districts' coordination councils.
        register_demo_loader("forum", load_demo, order=20)

        from core.home import register_home_context

        from . import selectors

        # Looked up at each call, so the provider can be replaced (tests, a feature flag).
        register_home_context("forum", lambda: selectors.home_summary(), order=30)

        from . import plan

        plan.register()  # the forum and the resolution's deadlines in the city's work plan (core.plan)
