"""Who may see and act on an initiative. Services and views both ask these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.db.models import Exists, OuterRef, Q

from accounts import roles

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Initiative


def is_group_member(user: User, initiative: Initiative) -> bool:
    """Author or a co-author who accepted the invitation."""
    if not user.is_authenticated:
        return False
    if initiative.author_id == user.pk:
        return True
    return initiative.invitations.filter(user=user, status="accepted").exists()


def is_moderator_for(user: User, initiative: Initiative) -> bool:
    """Moderators of the initiative's district, city-wide moderators, administrators and superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    if user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR):
        return True
    if not roles.has_role(user, roles.MODERATOR):
        return False
    district_id = user.moderated_district_id
    # A district moderator may not moderate city-wide initiatives (no district).
    return district_id is None or district_id == initiative.district_id


def is_manager_for(user: User, initiative: Initiative) -> bool:
    if not user.is_authenticated or not roles.has_role(user, roles.MANAGER) or not initiative.microdistrict_id:
        return False
    profile = getattr(user, "manager_profile", None)
    return profile is not None and profile.microdistricts.filter(pk=initiative.microdistrict_id).exists()


def can_respond_officially(user: User, initiative: Initiative) -> bool:
    return is_moderator_for(user, initiative) or is_manager_for(user, initiative)


def can_view(user: User, initiative: Initiative) -> bool:
    """The Python twin of `initiative_visibility_q` (InitiativeQuerySet.visible_to)."""
    if initiative.is_visible_to_anyone:
        return True
    return is_group_member(user, initiative) or (initiative.reached_moderation and is_moderator_for(user, initiative))


def initiative_visibility_q(user: User) -> Q:
    """The queryset twin of `can_view`, for lists."""
    from .models import CoauthorInvitation, Initiative

    q = Initiative.visible_to_anyone_q()
    if not user.is_authenticated:
        return q
    # Exists, not a join: a join on invitations would need DISTINCT on every list query.
    coauthor = Exists(CoauthorInvitation.objects.filter(initiative=OuterRef("pk"), user=user, status="accepted"))
    q |= Q(author=user) | Q(coauthor)
    if not user.is_active:
        return q
    submitted = Initiative.reached_moderation_q()
    if user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR):
        return q | submitted
    if roles.has_role(user, roles.MODERATOR):
        if user.moderated_district_id is None:
            return q | submitted
        return q | (submitted & Q(district_id=user.moderated_district_id))
    return q
