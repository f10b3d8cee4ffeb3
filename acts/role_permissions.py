"""What each role may do with normative acts in the admin; registered in ActsConfig.ready().

Administrators and moderators edit acts and their points and moderate comments; the
services make the final check (only city-wide staff change an act's status or publish
its summary, a district moderator hides comments only on acts of their district).
"""

from __future__ import annotations

from accounts.roles import ADMINISTRATOR, MODERATOR, register_role_permissions

_EDIT = [("acts", f"{a}_{m}") for m in ("normativeact", "actsection", "actpoint", "discussionsummary")
         for a in ("view", "add", "change")]
_COMMENTS = [("acts", f"{a}_pointcomment") for a in ("view", "change")] + [("acts", "view_actstatuschange")]


def register() -> None:
    register_role_permissions(MODERATOR, _EDIT + _COMMENTS)
    register_role_permissions(ADMINISTRATOR, _EDIT + _COMMENTS + [("acts", "delete_actsection"),
                                                                 ("acts", "delete_actpoint")])
