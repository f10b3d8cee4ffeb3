"""«Мои инициативы» and the invitation link from the e-mail."""

from __future__ import annotations

import uuid
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.contrib.auth.views import redirect_to_login
from django.db.models import Exists, OuterRef, Q, Subquery
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import urlencode
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from ... import services
from ...models import CoauthorInvitation, Initiative, StatusChange
from .steps import (
    S,
)

# «Мои инициативы» ----------------------------------------------------------------------------------------


@login_required
@require_safe
def my_initiatives(request: HttpRequest) -> HttpResponse:
    """Five sections in a fixed number of queries, however many initiatives the resident has."""
    user = request.user
    cards = Initiative.objects.select_related("category", "district", "microdistrict", "author")
    is_coauthor = Exists(
        CoauthorInvitation.objects.filter(
            initiative=OuterRef("pk"), user=user, status=CoauthorInvitation.Status.ACCEPTED
        )
    )
    last_revision_reason = Subquery(
        StatusChange.objects.filter(initiative=OuterRef("pk"), to_status=S.REVISION)
        .order_by("-created_at", "-id").values("reason")[:1]
    )
    own = list(
        cards.filter(Q(author=user) | Q(is_coauthor))
        .annotate(revision_reason=last_revision_reason)
        .order_by("-updated_at", "-pk")
    )
    supported = list(cards.visible_to(user).filter(supports__user=user).order_by("-supports__created_at"))
    followed = list(cards.visible_to(user).filter(follows__user=user).order_by("-follows__created_at"))
    invitations = list(
        CoauthorInvitation.objects.filter(
            email=user.email.lower(), status=CoauthorInvitation.Status.PENDING, expires_at__gt=timezone.now()
        )
        .select_related("initiative", "invited_by")
        .order_by("-created_at")
    )
    context = {
        "drafts": [i for i in own if i.status in Initiative.EDITABLE_STATUSES],
        "submitted": [i for i in own if i.status not in Initiative.EDITABLE_STATUSES],
        "supported": supported,
        "followed": followed,
        "invitations": invitations,
    }
    return render(request, "initiatives/my.html", context)


# The invitation link from the e-mail ---------------------------------------------------------------


def _invitation_state(invitation: CoauthorInvitation, user: Any) -> str:
    accepted = invitation.status == CoauthorInvitation.Status.ACCEPTED
    if accepted and user.is_authenticated and invitation.user_id == user.pk:
        return "member"
    if invitation.status != CoauthorInvitation.Status.PENDING:
        return "closed"
    if invitation.expires_at < timezone.now():
        return "expired"
    if not user.is_authenticated:
        return "anonymous"
    if invitation.initiative.author_id == user.pk:
        return "author"
    if user.email.lower() != invitation.email:
        return "wrong_address"
    return "open"


@require_http_methods(["GET", "POST"])
def invitation(request: HttpRequest, token: uuid.UUID) -> HttpResponse:
    invitation = get_object_or_404(
        CoauthorInvitation.objects.select_related("initiative", "invited_by"), token=token
    )
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        action = request.POST.get("action")
        try:
            if action == "accept":
                services.invitation_accept(invitation, user=request.user)
            elif action == "decline":
                services.invitation_decline(invitation, user=request.user)
            else:
                return redirect("initiatives:invitation", token=token)
        except services.DomainError as exc:
            messages.error(request, str(exc))
            return redirect("initiatives:invitation", token=token)
        if action == "accept":
            messages.success(
                request,
                _("Вы в инициативной группе «%(title)s» и можете дополнять инициативу вместе с автором.")
                % {"title": invitation.initiative.title},
            )
            return redirect("initiatives:edit", pk=invitation.initiative_id)
        messages.info(request, _("Вы отклонили приглашение."))
        return redirect("initiatives:my")

    state = _invitation_state(invitation, request.user)
    here = urlencode({"next": request.get_full_path()})
    context = {
        "invitation": invitation,
        "initiative": invitation.initiative,
        "state": state,
        # A closed invitation (revoked, declined) no longer tells what the draft was about.
        "show_details": state not in ("closed", "expired"),
        "login_url": f"{reverse('account_login')}?{here}",
        "signup_url": f"{reverse('account_signup')}?{here}",
    }
    return render(request, "initiatives/invitation.html", context)
