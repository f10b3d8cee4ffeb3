"""Roles of the portal as Django groups, and the district scope of a staff user.

The groups and their permissions are created by a data migration and kept in
sync by `manage.py sync_roles`; the README has the table of who may do what.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission

from forum.role_permissions import FORUM_ADMINISTRATOR_PERMISSIONS, FORUM_MODERATOR_PERMISSIONS

if TYPE_CHECKING:
    from .models import User

RESIDENT = "resident"
MODERATOR = "moderator"
MANAGER = "microdistrict_manager"
PARTNER = "partner_member"
ADMINISTRATOR = "administrator"

ALL_ROLES = (RESIDENT, MODERATOR, MANAGER, PARTNER, ADMINISTRATOR)

_REGISTRY_MODELS = ("district", "microdistrict", "building", "council", "councilmember", "councilmeeting", "tos",
                    "microdistrictmanager")
_STAFF_EDITABLE = ("council", "councilmember", "councilmeeting", "tos", "microdistrictmanager", "building")

# Initiatives: moderators and administrators moderate (the transition services
# make the final check of district and status); managers answer officially and
# report progress. Co-author invitations (e-mail addresses) are not for managers.
_INITIATIVE_READ = ("initiative", "statuschange", "initiativephoto", "initiativedocument", "officialresponse",
                    "progressupdate", "category", "nationalproject")
_INITIATIVE_MODERATION = (
    [("initiatives", f"view_{m}") for m in (*_INITIATIVE_READ, "coauthorinvitation", "comment", "commentreport",
                                             "supportrule")]
    + [("initiatives", f"change_{m}") for m in ("initiative", "comment")]
    + [("initiatives", f"add_{m}") for m in ("officialresponse", "progressupdate")]
)

# (app_label, codename) pairs per role. Moderators keep the registry of their
# district; administrators keep everything including districts and users.
ROLE_PERMISSIONS: dict[str, list[tuple[str, str]]] = {
    RESIDENT: [],
    PARTNER: [],
    MANAGER: [("councils", f"view_{m}") for m in _REGISTRY_MODELS]
    + [("councils", f"{a}_councilmeeting") for a in ("add", "change")]
    + [("initiatives", f"view_{m}") for m in _INITIATIVE_READ]
    + [("initiatives", f"add_{m}") for m in ("officialresponse", "progressupdate")],
    MODERATOR: [("councils", f"view_{m}") for m in _REGISTRY_MODELS]
    + [("councils", f"{a}_{m}") for m in _STAFF_EDITABLE for a in ("add", "change", "delete")]
    + _INITIATIVE_MODERATION
    + FORUM_MODERATOR_PERMISSIONS,
    ADMINISTRATOR: [("councils", f"{a}_{m}") for m in _REGISTRY_MODELS for a in ("add", "change", "delete", "view")]
    + [("accounts", f"{a}_{m}") for m in ("user", "consenttext", "personaldataconsent") for a in ("view", "change")]
    + [("accounts", "add_consenttext")]
    + [("django_celery_beat", f"{a}_periodictask") for a in ("view", "change")]
    + _INITIATIVE_MODERATION
    + [("initiatives", f"{a}_{m}") for m in ("category", "nationalproject", "supportrule")
       for a in ("add", "change", "delete")]
    + FORUM_ADMINISTRATOR_PERMISSIONS
    + [("notifications", f"view_{m}") for m in ("notification", "event")],
}

# Roles whose members work in the admin.
STAFF_ROLES = {MODERATOR, MANAGER, ADMINISTRATOR}


def sync_role_groups() -> None:
    """Create the role groups and give each exactly its permissions (idempotent)."""
    for role in ALL_ROLES:
        group, _ = Group.objects.get_or_create(name=role)
        wanted = ROLE_PERMISSIONS[role]
        perms = [
            perm
            for app_label, codename in wanted
            for perm in Permission.objects.filter(content_type__app_label=app_label, codename=codename)
        ]
        group.permissions.set(perms)


def has_role(user: User, role: str) -> bool:
    if not user.is_authenticated:
        return False
    # Cached per request object: admin list pages ask this once per row.
    cache = getattr(user, "_role_names", None)
    if cache is None:
        cache = set(user.groups.values_list("name", flat=True))
        user._role_names = cache
    return role in cache


def scoped_district_id(user: User) -> int | None:
    """The district a staff user is limited to, or None for the whole city.

    Superusers and administrators see the whole city; a moderator sees their
    district (or the city when none is set); a microdistrict manager sees the
    district of their microdistricts.
    """
    if user.is_superuser or has_role(user, ADMINISTRATOR):
        return None
    if has_role(user, MODERATOR):
        return user.moderated_district_id
    if has_role(user, MANAGER):
        profile = getattr(user, "manager_profile", None)
        if profile is not None:
            return profile.district_id
    # Staff with no recognised role get nothing rather than everything.
    return -1
