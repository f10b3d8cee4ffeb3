"""Initiatives' part of a resident's data export and account deletion (152-FZ)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter

from .models import CoauthorInvitation, Comment, Follow, Initiative, Support


@register_exporter("initiatives")
def _initiatives(user: User) -> list[dict[str, Any]]:
    return [
        {
            "id": i.pk, "title": i.title, "status": i.status, "created_at": i.created_at.isoformat(),
            "address": i.address, "role": "author",
        }
        for i in Initiative.objects.filter(author=user).only("pk", "title", "status", "created_at", "address")
    ] + [
        {
            "id": inv.initiative_id, "title": inv.initiative.title, "status": inv.initiative.status,
            "created_at": inv.initiative.created_at.isoformat(), "address": inv.initiative.address, "role": "coauthor",
        }
        for inv in CoauthorInvitation.objects.filter(user=user, status="accepted").select_related("initiative")
    ]


@register_exporter("supports")
def _supports(user: User) -> list[dict[str, Any]]:
    return [
        {"initiative_id": s.initiative_id, "created_at": s.created_at.isoformat()}
        for s in Support.objects.filter(user=user).only("initiative_id", "created_at")
    ]


@register_exporter("follows")
def _follows(user: User) -> list[int]:
    return list(Follow.objects.filter(user=user).values_list("initiative_id", flat=True))


@register_exporter("comments")
def _comments(user: User) -> list[dict[str, Any]]:
    return [
        {"initiative_id": c.initiative_id, "body": c.body, "created_at": c.created_at.isoformat()}
        for c in Comment.objects.filter(author=user).only("initiative_id", "body", "created_at")
    ]


@register_eraser
def _erase(user: User) -> None:
    # Invitations name the person by e-mail: pending ones are withdrawn and the
    # address is overwritten everywhere. Supports and comments stay (public
    # contributions), shown without a name from now on.
    invitations = CoauthorInvitation.objects.filter(Q(email__iexact=user.email) | Q(user=user))
    invitations.filter(status="pending").update(status=CoauthorInvitation.Status.REVOKED, answered_at=timezone.now())
    invitations.update(email=f"deleted-{user.pk}@deleted.invalid")
    Follow.objects.filter(user=user).delete()
