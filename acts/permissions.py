"""Who may do what with normative acts. Services and views both ask these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts import roles

if TYPE_CHECKING:
    from accounts.models import User

    from .models import NormativeAct


def _active(user: User) -> bool:
    return bool(user and user.is_authenticated and user.is_active and not getattr(user, "anonymised_at", None))


def can_manage_acts(user: User) -> bool:
    """Acts are the city's: administrators and city-wide moderators open, close, adopt and sum up."""
    if not _active(user):
        return False
    if user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR):
        return True
    return roles.has_role(user, roles.MODERATOR) and user.moderated_district_id is None


def can_moderate_comments(user: User, act: NormativeAct) -> bool:
    """City staff, and a district's moderators for an act that concerns their district."""
    if can_manage_acts(user):
        return True
    if not _active(user) or not roles.has_role(user, roles.MODERATOR):
        return False
    return act.districts.filter(pk=user.moderated_district_id).exists()


def can_take_part(user: User) -> bool:
    """Comment and vote: any signed-in resident whose account is active."""
    return _active(user)
