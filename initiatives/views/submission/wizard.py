"""The guided submission: step 1 creates the draft, every step saves it (services validate and refuse)."""

from __future__ import annotations

import copy
from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseNotAllowed
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.ratelimit import rate_limited

from ... import services
from ...forms.submission import CreateForm, InviteForm, ResourcesForm, UploadForm, WhatForm, WhereForm, WithdrawForm
from ...models import CoauthorInvitation, Initiative, InitiativePhoto
from .steps import (
    CREATE_RATE,
    INVITE_RATE,
    STEPS,
    STEPS_BY_SLUG,
    UPLOAD_RATE,
    Step,
    _add_model_errors,
    _file_error,
    _group_initiative,
    _next_step,
    _recommended,
    _revision_request,
    _step_nav,
    _steps_done,
)


def _render_step(
    request: HttpRequest, initiative: Initiative | None, step: Step, context: dict[str, Any], status: int = 200
) -> HttpResponse:
    nav = _step_nav(initiative, step)
    base = {
        "initiative": initiative,
        "step": step,
        "step_number": STEPS.index(step) + 1,
        "steps_total": len(STEPS),
        "steps": nav,
        "steps_done": sum(1 for item in nav if item["done"]),
        "revision": _revision_request(initiative),
        "is_author": initiative is not None and initiative.author_id == request.user.pk,
        "is_editable": initiative is not None and initiative.status in Initiative.EDITABLE_STATUSES,
    }
    return render(request, f"initiatives/submit/{step.slug}.html", {**base, **context}, status=status)


def _after_save(request: HttpRequest, initiative: Initiative, step: Step) -> HttpResponse:
    # «Сохранить черновик» keeps the resident on the step; the main button moves on.
    target = step if "stay" in request.POST else _next_step(step)
    return redirect("initiatives:edit_step", pk=initiative.pk, step=target.slug)


# The draft is created from step 1 ---------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
def create(request: HttpRequest) -> HttpResponse:
    # The place a microdistrict's or TOS's page passed in the link (the form checks it).
    place = {"place_microdistrict": request.GET.get("microdistrict", ""), "place_tos": request.GET.get("tos", "")}
    form = CreateForm(request.POST if request.method == "POST" else None, initial=place)
    step = STEPS_BY_SLUG["what"]
    if request.method == "POST" and form.is_valid():
        # Fails open: a draft is private, the resident's own, and costs one row.
        if rate_limited(request, app="initiatives", action="create", rate=CREATE_RATE, when_store_down="open"):
            messages.error(
                request,
                _("Вы создали слишком много черновиков за последний час. Попробуйте позже — "
                  "введённый текст остался в форме, его можно скопировать."),
            )
            return _render_step(request, None, step, {"form": form, "creating": True}, status=429)
        data = form.step_data()
        try:
            initiative = services.initiative_create_draft(author=request.user, data=data)
        except ValidationError as exc:
            _add_model_errors(form, exc)
        else:
            messages.success(request, _("Черновик сохранён. Его видите только вы и ваша инициативная группа."))
            return _after_save(request, initiative, step)
    return _render_step(request, None, step, {"form": form, "creating": True})


@login_required
@require_safe
def edit(request: HttpRequest, pk: int) -> HttpResponse:
    """Open a draft where work is left: the first unfinished step, or the review."""
    initiative = _group_initiative(request, pk)
    if initiative.status in Initiative.EDITABLE_STATUSES:
        done = _steps_done(initiative)
        for step in STEPS[:2]:
            if not done[step.slug]:
                return redirect("initiatives:edit_step", pk=pk, step=step.slug)
    return redirect("initiatives:edit_step", pk=pk, step="review")


@login_required
@require_http_methods(["GET", "POST"])
def edit_step(request: HttpRequest, pk: int, step: str) -> HttpResponse:
    current = STEPS_BY_SLUG.get(step)
    if current is None:
        raise Http404
    initiative = _group_initiative(request, pk)
    if current.slug == "review" and request.method == "POST":
        # Submitting and withdrawing have their own URLs; a stray POST here changes nothing.
        return HttpResponseNotAllowed(["GET"])
    if request.method == "GET" and initiative.status not in current.statuses:
        messages.warning(
            request,
            _("Инициатива сейчас в статусе «%(status)s» — изменить её нельзя. Изменять можно черновик "
              "и инициативу, возвращённую на доработку.") % {"status": initiative.get_status_display()},
        )
        return redirect("initiatives:edit_step", pk=pk, step="review")
    # A POST in a wrong status still reaches the handler: the service refuses it with a
    # message and the bound form is shown again, so nothing typed is lost.
    return _HANDLERS[current.slug](request, initiative, current)


def _form_step(form_class: type[WhatForm | WhereForm | ResourcesForm]) -> Callable[..., HttpResponse]:
    def handler(request: HttpRequest, initiative: Initiative, step: Step) -> HttpResponse:
        # A copy: validating a ModelForm writes into its instance, and the page around the
        # form (status, step marks) must keep showing what is really saved.
        form = form_class(request.POST if request.method == "POST" else None, instance=copy.copy(initiative))
        if request.method == "POST" and form.is_valid():
            try:
                services.initiative_update(initiative, actor=request.user, data=form.step_data())
            except ValidationError as exc:
                _add_model_errors(form, exc)
            except services.DomainError as exc:
                messages.error(request, str(exc))
                return _render_step(request, initiative, step, {"form": form}, status=exc.status_code)
            else:
                messages.success(request, _("Сохранено."))
                return _after_save(request, initiative, step)
        return _render_step(request, initiative, step, {"form": form})

    return handler


def _photos_step(request: HttpRequest, initiative: Initiative, step: Step) -> HttpResponse:
    form = UploadForm(request.POST, request.FILES) if request.method == "POST" else UploadForm()
    status = 200
    if request.method == "POST" and form.is_valid():
        try:
            stored = _store_uploads(request, initiative, form)
        except services.DomainError as exc:
            messages.error(request, str(exc))
            status = exc.status_code
        else:
            if not form.errors:
                messages.success(request, _("Файлы сохранены: %(count)d.") % {"count": stored})
                return redirect("initiatives:edit_step", pk=initiative.pk, step=step.slug)
            if stored:
                messages.warning(
                    request,
                    _("Сохранено файлов: %(count)d. Остальные не приняты — причины указаны у полей формы.")
                    % {"count": stored},
                )
            else:
                messages.error(request, _("Файлы не приняты — причины указаны у полей формы."))
            status = 400
    photos = list(initiative.photos.filter(kind=InitiativePhoto.Kind.GALLERY))
    documents = list(initiative.documents.all())
    context = {
        "form": form, "photos": photos, "documents": documents,
        "max_photos": Initiative.MAX_PHOTOS, "photos_left": max(0, Initiative.MAX_PHOTOS - len(photos)),
    }
    return _render_step(request, initiative, step, context, status=status)


def _store_uploads(request: HttpRequest, initiative: Initiative, form: UploadForm) -> int:
    """Store every acceptable file of the POST; each refused one becomes an error on its field.

    Raises DomainError when the initiative itself refuses changes (status, rights).
    """
    # Read everything first: add_error() removes the field from cleaned_data.
    photos: list[UploadedFile] = list(form.cleaned_data.get("photos") or [])
    caption: str = form.cleaned_data.get("caption", "")
    document: UploadedFile | None = form.cleaned_data.get("document")
    document_title: str = form.cleaned_data.get("document_title", "")
    stored = 0
    for upload in photos:
        # Fails closed: stored files are lasting cost that only this limit bounds; the draft
        # itself is saved, files are refused until the cache answers again.
        if rate_limited(request, app="initiatives", action="upload", rate=UPLOAD_RATE, when_store_down="closed"):
            form.add_error("photos", _("Слишком много загрузок за последний час: «%(name)s» и следующие файлы "
                                       "не приняты. Попробуйте позже.") % {"name": upload.name})
            break
        try:
            services.photo_add(initiative, actor=request.user, upload=upload, caption=caption)
        except ValidationError as exc:
            form.add_error("photos", _file_error(upload.name, exc))
        else:
            stored += 1
    if document is not None:
        if rate_limited(request, app="initiatives", action="upload", rate=UPLOAD_RATE, when_store_down="closed"):
            form.add_error("document", _("Слишком много загрузок за последний час: документ не принят. "
                                         "Попробуйте позже."))
        else:
            try:
                services.document_add(initiative, actor=request.user, upload=document, title=document_title)
            except ValidationError as exc:
                form.add_error("document", _file_error(document.name, exc))
            else:
                stored += 1
    return stored


def _group_step(request: HttpRequest, initiative: Initiative, step: Step) -> HttpResponse:
    form = InviteForm(request.POST if request.method == "POST" else None)
    status = 200
    if request.method == "POST" and form.is_valid():
        email = form.cleaned_data["email"]
        # Fails closed: every invitation e-mails an address the resident typed.
        if rate_limited(request, app="initiatives", action="invite", rate=INVITE_RATE, when_store_down="closed"):
            messages.error(request, _("Слишком много приглашений за последний час. Попробуйте позже."))
            status = 429
        else:
            try:
                services.invitation_create(initiative, actor=request.user, email=email)
            except (services.NotAllowed, services.WrongStatus) as exc:
                messages.error(request, str(exc))
                status = exc.status_code
            except services.DomainError as exc:
                form.add_error("email", str(exc))
            else:
                messages.success(request, _("Приглашение отправлено на %(email)s.") % {"email": email})
                return redirect("initiatives:edit_step", pk=initiative.pk, step=step.slug)
    invitations = list(initiative.invitations.select_related("user").order_by("-created_at", "-id"))
    context = {"form": form, "invitations": invitations, "now": timezone.now()}
    return _render_step(request, initiative, step, context, status=status)


def _review_step(request: HttpRequest, initiative: Initiative, step: Step) -> HttpResponse:
    photos = list(initiative.photos.filter(kind=InitiativePhoto.Kind.GALLERY))
    documents = list(initiative.documents.all())
    coauthors = list(
        initiative.invitations.filter(status=CoauthorInvitation.Status.ACCEPTED).select_related("user")
    )
    is_author = initiative.author_id == request.user.pk
    context = {
        "photos": photos,
        "documents": documents,
        "coauthors": coauthors,
        "missing": services.missing_for_submission(initiative),
        "recommended": _recommended(initiative, has_photos=bool(photos)),
        "can_submit": initiative.status in Initiative.EDITABLE_STATUSES,
        "can_withdraw": is_author and services.can_leave_by("withdraw", initiative.status),
        "withdraw_form": WithdrawForm(),
    }
    return _render_step(request, initiative, step, context)


_HANDLERS: dict[str, Callable[[HttpRequest, Initiative, Step], HttpResponse]] = {
    "what": _form_step(WhatForm),
    "where": _form_step(WhereForm),
    "photos": _photos_step,
    "resources": _form_step(ResourcesForm),
    "group": _group_step,
    "review": _review_step,
}
