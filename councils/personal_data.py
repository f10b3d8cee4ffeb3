"""Councils' part of a person's data export and of account deletion (152-FZ)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter

from .models import CouncilMember, MicrodistrictManager


@register_exporter("council_memberships")
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


@register_eraser
def _unlink(user: User) -> None:
    # Council membership and manager records are public registries: keep the
    # record (it is the council's history) but cut the link to the account.
    CouncilMember.objects.filter(user=user).update(user=None)
    MicrodistrictManager.objects.filter(user=user).update(user=None)
