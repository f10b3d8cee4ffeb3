"""Roles of the portal as Django groups, and the district scope of a staff user.

The groups get their permissions from every app's registration (register_role_permissions,
called in AppConfig.ready()) after each migrate and in load_demo; the README has the table of
who may do what.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.contrib.auth.models import Group, Permission

if TYPE_CHECKING:
    from .models import User

RESIDENT = "resident"
MODERATOR = "moderator"
MANAGER = "microdistrict_manager"
PARTNER = "partner_member"
ADMINISTRATOR = "administrator"
# Runs the forum only (programme, registrations, check-in, resolution and its reports), so a
# city can give its forum team that and nothing of the registries or the initiatives.
FORUM_ORGANISER = "forum_organiser"

ALL_ROLES = (RESIDENT, MODERATOR, MANAGER, PARTNER, ADMINISTRATOR, FORUM_ORGANISER)

PermissionPair = tuple[str, str]  # (app_label, codename)

# Filled by each app in its AppConfig.ready() through register_role_permissions():
# an app names the permissions on its own models each role needs, and nothing
# here knows the apps above accounts. `sync_role_groups` (after migrate, and in load_demo)
# gives every group exactly the union.
ROLE_PERMISSIONS: dict[str, list[PermissionPair]] = {role: [] for role in ALL_ROLES}


def register_role_permissions(role: str, permissions: Iterable[PermissionPair]) -> None:
    """Add an app's permissions to a role (idempotent: a permission is listed once)."""
    if role not in ROLE_PERMISSIONS:
        raise ValueError(f"Unknown role {role!r}; roles are {ALL_ROLES}.")
    wanted = ROLE_PERMISSIONS[role]
    for permission in permissions:
        if tuple(permission) not in wanted:
            wanted.append(tuple(permission))


def register_accounts_permissions() -> None:
    """The permissions on accounts' own models (and the periodic tasks) — administrators only."""
    register_role_permissions(ADMINISTRATOR, [
        *[("accounts", f"{a}_{m}") for m in ("user", "consenttext", "personaldataconsent") for a in ("view", "change")],
        ("accounts", "add_consenttext"),
        *[("django_celery_beat", f"{a}_periodictask") for a in ("view", "change")],
    ])


# Roles whose members work in the admin.
STAFF_ROLES = {MODERATOR, MANAGER, ADMINISTRATOR, FORUM_ORGANISER}


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
