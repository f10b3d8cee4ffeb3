"""Initiatives' part of a resident's data export and account deletion (152-FZ)."""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter, scrub_admin_log
from notifications.models import Event

from .models import (
    CoauthorInvitation,
    Comment,
    CommentReport,
    Follow,
    Initiative,
    InitiativeDocument,
    InitiativePhoto,
    OfficialResponse,
    ProgressUpdate,
    StatusChange,
    Support,
)


def _iso(value) -> str | None:
    return value.isoformat() if value else None


def _files(initiative: Initiative, user: User) -> dict[str, list[dict[str, Any]]]:
    return {
        "photos": [
            {"kind": p.kind, "caption": p.caption, "file": p.image.name, "uploaded_at": _iso(p.created_at),
             "uploaded_by_me": p.uploaded_by_id == user.pk}
            for p in initiative.photos.all()
        ],
        "documents": [
            {"title": d.title, "file": d.file.name, "size": d.size, "uploaded_at": _iso(d.created_at),
             "uploaded_by_me": d.uploaded_by_id == user.pk}
            for d in initiative.documents.all()
        ],
    }


def _initiative(i: Initiative, user: User, role: str) -> dict[str, Any]:
    return {
        "id": i.pk, "role": role, "title": i.title, "summary": i.summary, "description": i.description,
        "status": i.status, "category": i.category.name if i.category_id else None,
        "national_project": i.national_project.name if i.national_project_id else None,
        "scope": i.scope, "place": i.place_label, "address": i.address,
        "latitude": i.latitude, "longitude": i.longitude, "estimated_budget": i.estimated_budget,
        "resources": {
            "money": i.needs_money, "volunteers": i.needs_volunteers, "materials": i.needs_materials,
            "expertise": i.needs_expertise, "description": i.resources_description,
        },
        "best_practice_summary": i.best_practice_summary,
        "created_at": _iso(i.created_at), "submitted_at": _iso(i.submitted_at), "published_at": _iso(i.published_at),
        **_files(i, user),
    }


@register_exporter("initiatives", models=["initiatives.Initiative", "initiatives.InitiativePhoto",
                                          "initiatives.InitiativeDocument"])
def _initiatives(user: User) -> list[dict[str, Any]]:
    related = ("category", "national_project", "district", "microdistrict")
    authored = Initiative.objects.filter(author=user).select_related(*related).prefetch_related("photos", "documents")
    coauthored = Initiative.objects.filter(invitations__user=user, invitations__status="accepted").exclude(
        author=user
    ).select_related(*related).prefetch_related("photos", "documents")
    return [_initiative(i, user, "author") for i in authored] + [_initiative(i, user, "coauthor") for i in coauthored]


@register_exporter("invitations", models=["initiatives.CoauthorInvitation"])
def _invitations(user: User) -> dict[str, list[dict[str, Any]]]:
    def row(inv: CoauthorInvitation, *, to_me: bool) -> dict[str, Any]:
        data = {
            "initiative_id": inv.initiative_id, "initiative": inv.initiative.title, "status": inv.status,
            "sent_at": _iso(inv.created_at), "answered_at": _iso(inv.answered_at),
        }
        # The invitee's address is the sender's own data only for invitations the sender wrote.
        if not to_me:
            data["email"] = inv.email
        return data

    sent = CoauthorInvitation.objects.filter(invited_by=user).select_related("initiative")
    received = CoauthorInvitation.objects.filter(Q(user=user) | Q(email__iexact=user.email)).select_related(
        "initiative"
    )
    return {"sent": [row(i, to_me=False) for i in sent], "received": [row(i, to_me=True) for i in received]}


@register_exporter("supports", models=["initiatives.Support"])
def _supports(user: User) -> list[dict[str, Any]]:
    return [
        {"initiative_id": s.initiative_id, "created_at": s.created_at.isoformat()}
        for s in Support.objects.filter(user=user).only("initiative_id", "created_at")
    ]


@register_exporter("follows", models=["initiatives.Follow"])
def _follows(user: User) -> list[int]:
    return list(Follow.objects.filter(user=user).values_list("initiative_id", flat=True))


@register_exporter("comments", models=["initiatives.Comment"])
def _comments(user: User) -> list[dict[str, Any]]:
    return [
        {
            "initiative_id": c.initiative_id, "reply_to": c.parent_id, "body": c.body,
            "created_at": c.created_at.isoformat(), "edited_at": _iso(c.edited_at),
            "hidden": c.is_hidden, "hidden_reason": c.hidden_reason,
        }
        for c in Comment.objects.filter(author=user)
    ]


@register_exporter("comment_reports", models=["initiatives.CommentReport"])
def _comment_reports(user: User) -> list[dict[str, Any]]:
    return [
        {"comment_id": r.comment_id, "initiative_id": r.comment.initiative_id, "reason": r.reason,
         "created_at": _iso(r.created_at)}
        for r in CommentReport.objects.filter(reporter=user).select_related("comment")
    ]


@register_exporter("official_responses", models=["initiatives.OfficialResponse", "initiatives.ProgressUpdate"])
def _staff_texts(user: User) -> dict[str, list[dict[str, Any]]]:
    return {
        "official_responses": [
            {"initiative_id": r.initiative_id, "organisation": r.organisation, "body": r.body,
             "created_at": _iso(r.created_at)}
            for r in OfficialResponse.objects.filter(author=user)
        ],
        "progress_updates": [
            {"initiative_id": p.initiative_id, "body": p.body, "created_at": _iso(p.created_at)}
            for p in ProgressUpdate.objects.filter(author=user)
        ],
    }


@register_exporter("status_changes", models=["initiatives.StatusChange"])
def _status_changes(user: User) -> list[dict[str, Any]]:
    # Moderation decisions the person took as staff: part of what the portal holds about them.
    return [
        {"initiative_id": c.initiative_id, "from": c.from_status, "to": c.to_status, "reason": c.reason,
         "created_at": _iso(c.created_at)}
        for c in StatusChange.objects.filter(actor=user)
    ]


def never_public_initiatives_of(user: User):
    """Initiatives only this person owned that nobody outside the group and moderators ever saw.

    Never published (draft, moderation, revision, rejected at moderation, withdrawn
    before publication) and with no co-author who accepted: a group's initiative
    passes to a co-author instead (see `_erase`).
    """
    return Initiative.objects.filter(author=user, published_at__isnull=True)


def _delete_files_on_commit(initiatives) -> None:
    files = []
    for photo in InitiativePhoto.objects.filter(initiative__in=initiatives):
        files += [photo.image, photo.thumbnail]
    files += [d.file for d in InitiativeDocument.objects.filter(initiative__in=initiatives)]
    pairs = [(f.storage, f.name) for f in files if f]

    def delete() -> None:
        for storage, name in pairs:
            storage.delete(name)

    # After commit: if the deletion rolls back, the rows still point at their files.
    transaction.on_commit(delete)


@register_eraser(models=[
    "initiatives.Initiative", "initiatives.InitiativePhoto", "initiatives.InitiativeDocument",
    "initiatives.CoauthorInvitation", "initiatives.Follow", "initiatives.Support", "initiatives.Comment",
    "initiatives.CommentReport", "initiatives.StatusChange", "initiatives.OfficialResponse",
    "initiatives.ProgressUpdate",
])
def _erase(user: User) -> None:
    # What was never public and only this person owned goes entirely: the texts,
    # photos, documents, invitations and the outbox events that quote them.
    # Public contributions (published initiatives, supports, comments, reports,
    # staff answers and timeline entries) stay and show without a name from now on.
    never_public = list(never_public_initiatives_of(user))
    doomed: list[int] = []
    for initiative in never_public:
        heir = (
            CoauthorInvitation.objects.filter(
                initiative=initiative, status="accepted", user__anonymised_at__isnull=True
            ).exclude(user=user).order_by("answered_at", "pk").first()
        )
        if heir is None:
            doomed.append(initiative.pk)
            continue
        # The group keeps its initiative: the first co-author who joined becomes the author.
        Initiative.objects.filter(pk=initiative.pk).update(author=heir.user)
        heir.delete()
    if doomed:
        scrub_admin_log(*Initiative.objects.filter(pk__in=doomed).values_list("title", flat=True))
        _delete_files_on_commit(doomed)
        Event.objects.filter(payload__initiative_id__in=doomed).delete()
        Initiative.objects.filter(pk__in=doomed).delete()

    # Invitations name the person by e-mail: pending ones are withdrawn and the
    # address is overwritten everywhere.
    invitations = CoauthorInvitation.objects.filter(Q(email__iexact=user.email) | Q(user=user))
    invitations.filter(status="pending").update(status=CoauthorInvitation.Status.REVOKED, answered_at=timezone.now())
    invitations.update(email=f"deleted-{user.pk}@deleted.invalid")
    Follow.objects.filter(user=user).delete()
