"""The councils registry's part of a person's data export and account deletion (152-FZ)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter

from .models import CouncilMember, MicrodistrictManager


@register_exporter("council_memberships", models=["councils.CouncilMember"])
def _memberships(user: User) -> list[dict[str, Any]]:
    return [
        {
            "council": m.council.name,
            "role": m.get_role_display(),
            "term_start": m.term_start.isoformat(),
            "term_end": m.term_end.isoformat() if m.term_end else None,
        }
        for m in CouncilMember.objects.filter(user=user).select_related("council")
    ]


@register_exporter("microdistrict_manager", models=["councils.MicrodistrictManager"])
def _manager(user: User) -> list[dict[str, Any]]:
    return [
        {
            "full_name": m.full_name, "district": m.district.name,
            "microdistricts": [md.name for md in m.microdistricts.all()],
            "work_phone": m.work_phone, "work_email": m.work_email,
        }
        for m in MicrodistrictManager.objects.filter(user=user).select_related("district")
        .prefetch_related("microdistricts")
    ]


@register_eraser(models=["councils.CouncilMember", "councils.MicrodistrictManager"])
def _unlink(user: User) -> None:
    # Council membership and manager records are public registries: keep the
    # record (it is the council's history) but cut the link to the account.
    CouncilMember.objects.filter(user=user).update(user=None)
    MicrodistrictManager.objects.filter(user=user).update(user=None)
