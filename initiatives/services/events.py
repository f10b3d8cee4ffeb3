"""What initiatives tell the notifications outbox. Called inside the services' transactions."""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from core.text import excerpt
from notifications.services import emit

from ..kinds import Kind
from ..models import CoauthorInvitation, Comment, Initiative, OfficialResponse, ProgressUpdate


def _base(initiative: Initiative) -> dict:
    return {
        "initiative_id": initiative.pk,
        "title": initiative.title,
        "place": initiative.place_label,
        "district_id": initiative.district_id,
        "microdistrict_id": initiative.microdistrict_id,
        "url": reverse("initiatives:detail", args=[initiative.pk]),
    }


def status_changed(initiative: Initiative, *, from_status: str, actor: User | None, reason: str) -> None:
    payload = {**_base(initiative), "from_status": from_status, "to_status": initiative.status, "reason": reason}
    emit(Kind.STATUS_CHANGED, payload=payload, actor=actor)
    if initiative.status == Initiative.Status.MODERATION:
        emit(Kind.INITIATIVE_SUBMITTED, payload=_base(initiative), actor=actor)
    if initiative.status == Initiative.Status.CONSIDERATION and actor is None:
        emit(Kind.THRESHOLD_REACHED, payload={**_base(initiative), "support_count": initiative.support_count})


def official_response(response: OfficialResponse) -> None:
    payload = {**_base(response.initiative), "organisation": response.organisation, "excerpt": excerpt(response.body)}
    emit(Kind.OFFICIAL_RESPONSE, payload=payload, actor=response.author)


def progress_update(update: ProgressUpdate) -> None:
    emit(Kind.PROGRESS_UPDATE, payload={**_base(update.initiative), "excerpt": excerpt(update.body)},
         actor=update.author)


def comment_added(comment: Comment) -> None:
    payload = {
        **_base(comment.initiative), "comment_id": comment.pk, "author_name": comment.author.public_name,
        "excerpt": excerpt(comment.body, 300),
    }
    # ?comment= opens the page of the discussion that holds this comment.
    payload["url"] += f"?comment={comment.pk}#comment-{comment.pk}"
    emit(Kind.COMMENT_NEW, payload=payload, actor=comment.author)
    if comment.parent_id and comment.parent.author_id != comment.author_id:
        emit(Kind.COMMENT_REPLY, payload={**payload, "user_ids": [comment.parent.author_id]}, actor=comment.author)


def comment_hidden(comment: Comment, *, moderator: User) -> None:
    payload = {**_base(comment.initiative), "reason": comment.hidden_reason, "user_ids": [comment.author_id]}
    emit(Kind.COMMENT_HIDDEN, payload=payload, actor=moderator)


def invitation_created(invitation: CoauthorInvitation) -> None:
    existing = User.objects.filter(email__iexact=invitation.email, is_active=True).values_list("pk", flat=True).first()
    payload = {
        **_base(invitation.initiative),
        "inviter_name": invitation.invited_by.public_name,
        "url": reverse("initiatives:invitation", args=[invitation.token]),
        # A resident with an account hears in the portal and by e-mail; anyone else by e-mail only.
        "user_ids": [existing] if existing else [],
        "emails": [] if existing else [invitation.email],
    }
    emit(Kind.COAUTHOR_INVITATION, payload=payload, actor=invitation.invited_by)
