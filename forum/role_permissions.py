"""Admin permissions the forum needs per role; registered in ForumConfig.ready().

Moderators run the forum day to day (programme, registrations, resolution
progress, topics) but delete nothing; forum organisers do the same and nothing else
in the portal; administrators may do everything.
"""

from __future__ import annotations

from accounts.roles import ADMINISTRATOR, FORUM_ORGANISER, MODERATOR, register_role_permissions

_ALL_MODELS = (
    "forumedition", "section", "speaker", "material", "registration", "sectionregistration",
    "resolution", "resolutionitem", "progressreport", "topic", "topicsupport",
)
# Registrations and supports come only from residents through the site's services.
_MODERATOR_ADD = ("forumedition", "section", "speaker", "material", "resolution", "resolutionitem", "progressreport")
_MODERATOR_CHANGE = (*_MODERATOR_ADD, "registration", "topic")

FORUM_MODERATOR_PERMISSIONS: list[tuple[str, str]] = (
    [("forum", f"view_{m}") for m in _ALL_MODELS]
    + [("forum", f"add_{m}") for m in _MODERATOR_ADD]
    + [("forum", f"change_{m}") for m in _MODERATOR_CHANGE]
)
FORUM_ADMINISTRATOR_PERMISSIONS: list[tuple[str, str]] = [
    ("forum", f"{action}_{m}") for m in _ALL_MODELS for action in ("view", "add", "change", "delete")
]


def register() -> None:
    register_role_permissions(MODERATOR, FORUM_MODERATOR_PERMISSIONS)
    # The forum team: the same work on the forum as a moderator, nothing outside it.
    register_role_permissions(FORUM_ORGANISER, FORUM_MODERATOR_PERMISSIONS)
    register_role_permissions(ADMINISTRATOR, FORUM_ADMINISTRATOR_PERMISSIONS)
