from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InitiativesConfig(AppConfig):
    name = "initiatives"
    verbose_name = _("Инициативы")

    def ready(self) -> None:
        # personal_data registers on import
        from . import admin_home, kinds, local, personal_data, role_permissions  # noqa: F401

        kinds.register()
        role_permissions.register()
        local.register()
        admin_home.register()

        from core.demo import register_demo_loader

        from .demo.loaders import load_city_scale, load_sample
        from .demo.reference import load_reference_english

        # The categories' and national projects' English, with or without demo users.
        register_demo_loader("initiatives-reference", load_reference_english, order=29)
        register_demo_loader("initiatives", load_sample, order=30, needs_users=True)
        register_demo_loader("initiatives-city", load_city_scale, order=90, after_commit=True)

        from core.home import register_home_context

        from . import selectors

        # Looked up at each call, so the provider can be replaced (tests, a feature flag).
        from .catalogue_cache import CATALOGUE

        register_home_context(
            "initiatives", lambda: selectors.home_initiatives(), order=20, generations=(CATALOGUE, "councils")
        )

        from . import plan

        plan.register()  # planned works of accepted initiatives in the city's work plan (core.plan)

        from . import catalogue_cache

        catalogue_cache.connect_signals()

        from . import detail_blocks

        detail_blocks.connect_signals()

        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from core.sections_cache import bump_generation

        from .models import CoauthorInvitation, InitiativePhoto, OfficialResponse, ProgressUpdate, StatusChange

        def detail_rows_changed(sender, instance, **kwargs) -> None:
            # The page's cached gallery, timeline, answers, reports and group are read anew: now,
            # and again after the commit, since a reader between the two may have cached the old
            # rows under the new generation.
            name = selectors.detail_rows_generation(instance.initiative_id)
            bump_generation(name)
            transaction.on_commit(lambda: bump_generation(name))

        for model in (InitiativePhoto, StatusChange, OfficialResponse, ProgressUpdate, CoauthorInvitation):
            for signal in (post_save, post_delete):
                signal.connect(detail_rows_changed, sender=model, weak=False,
                               dispatch_uid=f"initiative-detail-rows-{model.__name__}-{signal!r}")
