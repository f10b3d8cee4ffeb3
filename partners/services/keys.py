"""Issuing and revoking API keys. The secret is returned once and never stored in clear."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable

from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError, NotAllowed

from ..models import PartnerApiKey, PartnerOrganization, Scope


def parse_scopes(scopes: Iterable[str] | str) -> list[str]:
    if isinstance(scopes, str):
        scopes = scopes.split(",")
    wanted = [s.strip() for s in scopes if s and s.strip()]
    unknown = sorted(set(wanted) - set(Scope.values))
    if unknown:
        raise DomainError(
            _("Неизвестные права: %(unknown)s. Возможные: %(known)s.")
            % {"unknown": ", ".join(unknown), "known": ", ".join(Scope.values)}
        )
    if not wanted:
        raise DomainError(_("Укажите хотя бы одно право ключа."))
    # Stable order, no duplicates: the admin and the API show the same list.
    return [s for s in Scope.values if s in wanted]


def key_issue(
    partner: PartnerOrganization, *, name: str, scopes: Iterable[str] | str,
    expires_at: dt.datetime | None = None, issued_by: User | None = None,
) -> tuple[PartnerApiKey, str]:
    """Create a key; returns the record and the secret, which is never shown again."""
    if not partner.is_verified:
        raise NotAllowed(_("Ключи выдаются только проверенным партнёрам."))
    name = (name or "").strip()
    if not name:
        raise DomainError(_("Укажите название ключа."))
    return PartnerApiKey.objects.create_key(
        partner=partner, name=name[:50], scopes=parse_scopes(scopes), expiry_date=expires_at, created_by=issued_by
    )


def key_revoke(api_key: PartnerApiKey) -> None:
    PartnerApiKey.objects.filter(pk=api_key.pk).update(revoked=True)
    api_key.revoked = True
