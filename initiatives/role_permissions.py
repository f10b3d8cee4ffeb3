"""What each role may do with initiatives in the admin; registered in InitiativesConfig.ready().

Moderators and administrators moderate (the transition services make the final
check of district and status); managers answer officially and report progress.
Co-author invitations (e-mail addresses) are not for managers.
"""

from __future__ import annotations

from accounts.roles import ADMINISTRATOR, MANAGER, MODERATOR, register_role_permissions

_READ = ("initiative", "statuschange", "initiativephoto", "initiativedocument", "officialresponse",
         "progressupdate", "category", "nationalproject")
_ANSWER = [("initiatives", f"add_{m}") for m in ("officialresponse", "progressupdate")]
_MODERATION = (
    [("initiatives", f"view_{m}") for m in (*_READ, "coauthorinvitation", "comment", "commentreport", "supportrule")]
    + [("initiatives", f"change_{m}") for m in ("initiative", "comment")]
    + _ANSWER
)


def register() -> None:
    register_role_permissions(MANAGER, [("initiatives", f"view_{m}") for m in _READ] + _ANSWER)
    register_role_permissions(MODERATOR, _MODERATION)
    register_role_permissions(ADMINISTRATOR, _MODERATION + [
        ("initiatives", f"{a}_{m}") for m in ("category", "nationalproject", "supportrule")
        for a in ("add", "change", "delete")
    ])
