from django.apps import AppConfig
from django.db.models.signals import post_migrate
from django.utils.translation import gettext_lazy as _


def _sync_roles(sender: AppConfig, **kwargs) -> None:
    # Permissions are created in post_migrate, so the role groups are synced
    # after them rather than in a data migration that would run too early.
    from .roles import sync_role_groups

    sync_role_groups()


class AccountsConfig(AppConfig):
    name = "accounts"
    verbose_name = _("Пользователи")

    def ready(self) -> None:
        from . import personal_data, signals  # noqa: F401  (the account's own export sections; new users are residents)
        from .roles import register_accounts_permissions

        register_accounts_permissions()

        post_migrate.connect(_sync_roles, dispatch_uid="accounts_sync_roles")
