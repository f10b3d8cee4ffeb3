"""Admin permissions for partners: administrators keep partners, members, keys and webhooks;
moderators see pledges and applications. Registered in PartnersConfig.ready()."""

from __future__ import annotations

from accounts.roles import ADMINISTRATOR, MODERATOR, register_role_permissions

_EDITABLE = ("partnerorganization", "partnermember", "partnerapikey", "programme", "webhookendpoint")
_READ_ONLY = ("pledge", "pledgestatuschange", "programmeapplication", "webhookdelivery")


def register() -> None:
    register_role_permissions(
        ADMINISTRATOR,
        [("partners", f"{a}_{m}") for m in _EDITABLE for a in ("view", "add", "change", "delete")]
        + [("partners", f"view_{m}") for m in _READ_ONLY],
    )
    register_role_permissions(MODERATOR, [("partners", f"view_{m}") for m in (*_READ_ONLY, "partnerorganization",
                                                                               "programme")])
