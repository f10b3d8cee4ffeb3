"""Partners' personal data of a person (152-FZ): exported on request, unlinked on deletion.

Pledges, applications and keys belong to organisations and initiatives and stay;
the person's link to them (created_by, actor, applicant, decided_by) is removed with
the account, and so is the membership.
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter

_MODELS = [
    "partners.PartnerMember", "partners.Pledge", "partners.PledgeStatusChange", "partners.ProgrammeApplication",
    "partners.PartnerApiKey",
]


@register_exporter("partners", models=_MODELS)
def export_partner_data(user: User) -> dict[str, Any]:
    from .models import PartnerMember, Pledge, ProgrammeApplication

    member = PartnerMember.objects.filter(user=user).select_related("partner").first()
    return {
        "membership": None if member is None else {
            "partner": member.partner.name, "position": member.position, "since": member.created_at.isoformat(),
        },
        "pledges_made": [
            {"partner": p.partner.name, "initiative_id": p.initiative_id, "kind": p.kind, "status": p.status,
             "message": p.message, "created_at": p.created_at.isoformat()}
            for p in Pledge.objects.filter(created_by=user).select_related("partner")
        ],
        "programme_applications": [
            {"programme": a.programme.title, "initiative_id": a.initiative_id, "message": a.message,
             "status": a.status, "created_at": a.created_at.isoformat()}
            for a in ProgrammeApplication.objects.filter(applicant=user).select_related("programme")
        ],
    }


@register_eraser(models=_MODELS)
def erase_partner_data(user: User) -> None:
    from . import initiative_cache
    from .models import PartnerApiKey, PartnerMember, Pledge, PledgeStatusChange, ProgrammeApplication

    # The initiative pages' cached rows still hold the person's id: read them anew after the commit
    # (the updates below send no signal).
    initiative_cache.initiative_changed([
        *Pledge.objects.filter(created_by=user).values_list("initiative_id", flat=True),
        *ProgrammeApplication.objects.filter(Q(applicant=user) | Q(decided_by=user))
        .values_list("initiative_id", flat=True),
    ])
    PartnerMember.objects.filter(user=user).delete()
    Pledge.objects.filter(created_by=user).update(created_by=None)
    PledgeStatusChange.objects.filter(actor=user).update(actor=None)
    ProgrammeApplication.objects.filter(applicant=user).update(applicant=None)
    ProgrammeApplication.objects.filter(decided_by=user).update(decided_by=None)
    PartnerApiKey.objects.filter(created_by=user).update(created_by=None)
