"""Actions from the steps: delete a photo or document, revoke an invitation, submit, withdraw."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from ... import services
from ...forms.submission import WithdrawForm
from ...models import CoauthorInvitation, InitiativeDocument, InitiativePhoto
from .steps import (
    _group_initiative,
)

# Actions from the steps ------------------------------------------------------------------------------


@login_required
@require_POST
def photo_delete(request: HttpRequest, pk: int, photo_pk: int) -> HttpResponse:
    initiative = _group_initiative(request, pk)
    photo = get_object_or_404(InitiativePhoto, pk=photo_pk, initiative=initiative, kind=InitiativePhoto.Kind.GALLERY)
    photo.initiative = initiative
    try:
        services.photo_delete(photo, actor=request.user)
    except services.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Фото удалено."))
    return redirect("initiatives:edit_step", pk=pk, step="photos")


@login_required
@require_POST
def document_delete(request: HttpRequest, pk: int, document_pk: int) -> HttpResponse:
    initiative = _group_initiative(request, pk)
    document = get_object_or_404(InitiativeDocument, pk=document_pk, initiative=initiative)
    document.initiative = initiative
    try:
        services.document_delete(document, actor=request.user)
    except services.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Документ «%(title)s» удалён.") % {"title": document.title})
    return redirect("initiatives:edit_step", pk=pk, step="photos")


@login_required
@require_POST
def invitation_revoke(request: HttpRequest, pk: int, invitation_pk: int) -> HttpResponse:
    initiative = _group_initiative(request, pk)
    invitation = get_object_or_404(CoauthorInvitation, pk=invitation_pk, initiative=initiative)
    invitation.initiative = initiative
    was_member = invitation.status == CoauthorInvitation.Status.ACCEPTED
    try:
        services.invitation_revoke(invitation, actor=request.user)
    except services.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request, _("Соавтор исключён из инициативной группы.") if was_member else _("Приглашение отозвано.")
        )
    return redirect("initiatives:edit_step", pk=pk, step="group")


@login_required
@require_POST
def submit(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _group_initiative(request, pk)
    try:
        services.initiative_submit(initiative, actor=request.user)
    except services.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("Инициатива отправлена на модерацию. Модератор опубликует её для сбора поддержки "
              "или вернёт на доработку с пояснением — вы получите уведомление."),
        )
    return redirect("initiatives:edit_step", pk=pk, step="review")


@login_required
@require_POST
def withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _group_initiative(request, pk)
    form = WithdrawForm(request.POST)
    if not form.is_valid():
        messages.error(request, " ".join(form.errors.get("reason", [])))
        return redirect("initiatives:edit_step", pk=pk, step="review")
    try:
        services.initiative_withdraw(initiative, actor=request.user, reason=form.cleaned_data["reason"])
    except services.NotAllowed:
        messages.error(request, _("Отозвать инициативу может только её автор."))
    except services.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Инициатива «%(title)s» отозвана.") % {"title": initiative.title})
        return redirect("initiatives:my")
    return redirect("initiatives:edit_step", pk=pk, step="review")
