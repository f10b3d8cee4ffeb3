"""What each role may do with the registries in the admin; registered in CouncilsConfig.ready()."""

from __future__ import annotations

from accounts.roles import ADMINISTRATOR, MANAGER, MODERATOR, register_role_permissions

_REGISTRY_MODELS = ("district", "microdistrict", "building", "council", "councilmember", "councilmeeting", "tos",
                    "microdistrictmanager")
_STAFF_EDITABLE = ("council", "councilmember", "councilmeeting", "tos", "microdistrictmanager", "building")


def register() -> None:
    # Managers read the registry and keep their meetings; moderators keep the registry
    # of their district; administrators keep everything including districts.
    register_role_permissions(MANAGER, [("councils", f"view_{m}") for m in _REGISTRY_MODELS]
                              + [("councils", f"{a}_councilmeeting") for a in ("add", "change")])
    register_role_permissions(MODERATOR, [("councils", f"view_{m}") for m in _REGISTRY_MODELS] + [
        ("councils", f"{a}_{m}") for m in _STAFF_EDITABLE for a in ("add", "change", "delete")
    ])
    register_role_permissions(ADMINISTRATOR, [("councils", f"{a}_{m}") for m in _REGISTRY_MODELS
                                              for a in ("add", "change", "delete", "view")])
