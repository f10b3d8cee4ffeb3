"""Writes to the councils registry that need more than the admin's form: linking accounts to records."""

from __future__ import annotations

from django.utils import timezone
from django.utils.translation import gettext as _

from accounts import roles
from accounts.models import User
from core.errors import NotAllowed

from .models import CouncilMember, MicrodistrictManager


def can_link_accounts(actor: User) -> bool:
    """Linking an account to a council member or manager record grants rights (reports on
    resolution items, official answers): administrators only, not moderators."""
    return actor.is_authenticated and actor.is_active and (
        actor.is_superuser or roles.has_role(actor, roles.ADMINISTRATOR)
    )


def record_account_link(record: CouncilMember | MicrodistrictManager, *, actor: User) -> None:
    """Check and stamp a change of `record.user` made by `actor`; the caller saves the record."""
    if not can_link_accounts(actor):
        raise NotAllowed(_("Привязывать учётные записи к реестру может только администратор."))
    record.user_linked_by = actor if record.user_id else None
    record.user_linked_at = timezone.now() if record.user_id else None
