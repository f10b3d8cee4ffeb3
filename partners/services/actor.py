"""Who acts for a partner: one of its members in the browser, or one of its keys through the API."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import NotAllowed

from ..models import PartnerApiKey, PartnerOrganization


@dataclass(frozen=True)
class PartnerActor:
    partner: PartnerOrganization
    user: User | None = None
    api_key: PartnerApiKey | None = None

    @property
    def key_name(self) -> str:
        return self.api_key.name if self.api_key is not None else ""

    def require_verified(self) -> None:
        # Re-read: staff may have withdrawn the verification since the actor was built.
        if not PartnerOrganization.objects.filter(pk=self.partner.pk, is_verified=True).exists():
            raise NotAllowed(_("Партнёр ещё не проверен сотрудниками портала."))

    def require_owns(self, partner_id: int) -> None:
        if partner_id != self.partner.pk:
            raise NotAllowed(_("Это действие доступно только партнёру, который его создал."))


def member_actor(user: User) -> PartnerActor | None:
    """The partner a signed-in member acts for, or None."""
    if not user.is_authenticated:
        return None
    membership = getattr(user, "partner_membership", None)
    if membership is None:
        return None
    return PartnerActor(partner=membership.partner, user=user)


def key_actor(api_key: PartnerApiKey) -> PartnerActor:
    return PartnerActor(partner=api_key.partner, api_key=api_key)
