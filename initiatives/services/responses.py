"""The city's side: official responses and progress updates."""

from __future__ import annotations

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.uploads import check_pdf

from .. import permissions
from ..models import Initiative, InitiativePhoto, OfficialResponse, ProgressUpdate
from . import events
from .content import store_photo
from .errors import DomainError, NotAllowed, WrongStatus


def official_response_add(
    initiative: Initiative, *, actor: User, organisation: str, body: str, attachment: UploadedFile | None = None
) -> OfficialResponse:
    body, organisation = (body or "").strip(), (organisation or "").strip()
    if not body or not organisation:
        raise DomainError(_("Укажите, от чьего имени ответ, и его текст."))
    if not permissions.can_respond_officially(actor, initiative):
        raise NotAllowed(_("Официально отвечать могут сотрудники и управляющий микрорайоном."))
    if not initiative.is_public:
        raise WrongStatus(_("Официальный ответ публикуется только для опубликованной инициативы."))
    response = OfficialResponse(initiative=initiative, author=actor, organisation=organisation, body=body)
    if attachment is not None:
        check_pdf(attachment)
        response.attachment.save("response.pdf", attachment, save=False)
    with transaction.atomic():
        response.save()
        events.official_response(response)
    return response


def progress_update_add(
    initiative: Initiative, *, actor: User, body: str,
    photo_before: UploadedFile | None = None, photo_after: UploadedFile | None = None,
) -> ProgressUpdate:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Опишите, что сделано."))
    if not permissions.can_respond_officially(actor, initiative):
        raise NotAllowed(_("Ход реализации публикуют сотрудники и управляющий микрорайоном."))
    if initiative.status not in (Initiative.Status.IN_PROGRESS, Initiative.Status.IMPLEMENTED):
        raise WrongStatus(_("Ход реализации публикуется, когда инициатива реализуется."))
    with transaction.atomic():
        update = ProgressUpdate(initiative=initiative, author=actor, body=body)
        if photo_before is not None:
            update.photo_before = store_photo(
                initiative, actor=actor, upload=photo_before, kind=InitiativePhoto.Kind.BEFORE
            )
        if photo_after is not None:
            update.photo_after = store_photo(
                initiative, actor=actor, upload=photo_after, kind=InitiativePhoto.Kind.AFTER
            )
        update.save()
        events.progress_update(update)
    return update
