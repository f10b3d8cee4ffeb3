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
        register_home_context(
            "forum", lambda: selectors.home_summary(), order=30, generations=(selectors.RESOLUTION_GENERATION,)
        )

        from . import plan

        plan.register()  # the forum and the resolution's deadlines in the city's work plan (core.plan)

        from django.db import transaction
        from django.db.models.signals import m2m_changed, post_delete, post_save

        from core.sections_cache import bump_generation

        from .models import ForumEdition, ProgressReport, Resolution, ResolutionItem

        def bump() -> None:
            bump_generation(selectors.RESOLUTION_GENERATION)

        def resolution_changed(sender, **kwargs) -> None:
            # The cached rows of the resolution page and the home page's forum block are read anew:
            # now, and again after the commit, since a reader between the two may have cached the
            # old rows under the new generation.
            bump()
            transaction.on_commit(bump)

        for model in (ForumEdition, Resolution, ResolutionItem, ProgressReport):
            for signal in (post_save, post_delete):
                signal.connect(resolution_changed, sender=model, weak=False,
                               dispatch_uid=f"forum-resolution-{model.__name__}-{signal!r}")
        for through in (ResolutionItem.responsible_councils.through, ResolutionItem.initiatives.through):
            m2m_changed.connect(resolution_changed, sender=through, weak=False,
                                dispatch_uid=f"forum-resolution-{through.__name__}")
