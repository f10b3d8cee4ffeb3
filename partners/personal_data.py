"""A member's link to a partner organisation is personal data: exported on request, removed on deletion.

Pledges and applications belong to organisations and initiatives and stay; the
person's link to them (created_by, applicant, decided_by) goes with the account's
anonymisation, which keeps the rows but not the name.
"""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter


@register_exporter("partner_membership")
def export_membership(user: User) -> dict[str, Any] | None:
    from .models import PartnerMember

    member = PartnerMember.objects.filter(user=user).select_related("partner").first()
    if member is None:
        return None
    return {"partner": member.partner.name, "position": member.position, "since": member.created_at.isoformat()}


@register_eraser
def erase_membership(user: User) -> None:
    from .models import PartnerMember

    PartnerMember.objects.filter(user=user).delete()
