from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CouncilsConfig(AppConfig):
    name = "councils"
    verbose_name = _("Реестр: районы, советы, ТОС")

    def ready(self) -> None:
        from . import personal_data, role_permissions  # noqa: F401  (personal_data registers on import)

        role_permissions.register()

        from core.demo import register_demo_loader

        from .demo.load import load_councils_demo, report_councils_demo

        # Registries and the demo logins (which need the managers they are linked to).
        register_demo_loader("councils", load_councils_demo, order=10, report=report_councils_demo)

        from core.home import register_home_context
        from core.sections_cache import cached_data

        from . import selectors

        # Looked up at each call, so the provider can be replaced (tests, a feature flag); the
        # same for every visitor, so cached until a council, TOS or district changes (below).
        register_home_context(
            "councils", lambda: cached_data("councils-home", ["councils"], selectors.home_context), order=10,
            generations=("councils",),
        )

        from . import plan

        plan.register()  # meetings in the city's work plan (core.plan)

        from django.db import transaction
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from core.sections_cache import bump_generation

        def bump() -> None:
            bump_generation("councils")

        def councils_changed(sender, **kwargs) -> None:
            # Cached sections showing the registry (the council list, names on other pages) are
            # read anew: now, and again after the commit, since a reader between the two may
            # have cached the old rows under the new generation.
            if getattr(sender, "_meta", None) is not None and sender._meta.app_label == "councils":
                bump()
                transaction.on_commit(bump)

        for signal in (post_save, post_delete, m2m_changed):
            signal.connect(councils_changed, weak=False, dispatch_uid=f"councils-generation-{signal!r}")
