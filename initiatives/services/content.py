"""Creating and editing an initiative's content: text, place, resources, photos, documents."""

from __future__ import annotations

from typing import Any

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.uploads import check_pdf, process_photo

from .. import permissions
from ..models import Initiative, InitiativeDocument, InitiativePhoto, Scope
from .errors import NotAllowed, WrongStatus

# Fields a resident may set through the submission steps; status, counters and
# staff-only fields (threshold, deadline, best practice) are deliberately absent.
EDITABLE_FIELDS = frozenset({
    "title", "summary", "description", "category", "national_project", "scope", "district", "microdistrict",
    "tos", "address", "latitude", "longitude", "estimated_budget", "needs_money", "needs_volunteers",
    "needs_materials", "needs_expertise", "resources_description",
})


def _normalise_place(initiative: Initiative) -> None:
    if initiative.scope == Scope.MICRODISTRICT and initiative.microdistrict_id:
        initiative.district_id = initiative.microdistrict.district_id
    elif initiative.scope == Scope.DISTRICT:
        initiative.microdistrict = None
    elif initiative.scope == Scope.CITY:
        initiative.microdistrict = None
        initiative.district = None


def initiative_create_draft(*, author: User, data: dict[str, Any]) -> Initiative:
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    initiative = Initiative(author=author, status=Initiative.Status.DRAFT, **data)
    _normalise_place(initiative)
    initiative.full_clean(exclude=["search_vector"])
    initiative.save()
    return initiative


def _check_editable(initiative: Initiative, actor: User) -> None:
    if not permissions.is_group_member(actor, initiative):
        raise NotAllowed(_("Редактировать инициативу может только инициативная группа."))
    if initiative.status not in Initiative.EDITABLE_STATUSES:
        raise WrongStatus(_("Инициативу можно менять только в черновике или на доработке."))


def initiative_update(initiative: Initiative, *, actor: User, data: dict[str, Any]) -> Initiative:
    unknown = set(data) - EDITABLE_FIELDS
    if unknown:
        raise ValueError(f"Not editable: {sorted(unknown)}")
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        _check_editable(locked, actor)
        for field, value in data.items():
            setattr(locked, field, value)
        _normalise_place(locked)
        locked.full_clean(exclude=["search_vector"])
        locked.save()
    return locked


def store_photo(
    initiative: Initiative, *, actor: User, upload: UploadedFile, caption: str = "",
    kind: str = InitiativePhoto.Kind.GALLERY,
) -> InitiativePhoto:
    """Check and re-encode an upload and store it; ValidationError carries the reason for the resident."""
    processed = process_photo(upload)
    photo = InitiativePhoto(
        initiative=initiative, kind=kind, caption=caption[:200], uploaded_by=actor,
        position=initiative.photos.count(),
    )
    photo.image.save("photo.jpg", processed.display, save=False)
    photo.thumbnail.save("thumb.jpg", processed.thumbnail, save=False)
    photo.save()
    return photo


def photo_add(initiative: Initiative, *, actor: User, upload: UploadedFile, caption: str = "") -> InitiativePhoto:
    _check_editable(initiative, actor)
    if initiative.photos.filter(kind=InitiativePhoto.Kind.GALLERY).count() >= Initiative.MAX_PHOTOS:
        raise ValidationError(_("Можно загрузить не больше 10 фотографий."), code="too_many")
    return store_photo(initiative, actor=actor, upload=upload, caption=caption)


def photo_delete(photo: InitiativePhoto, *, actor: User) -> None:
    _check_editable(photo.initiative, actor)
    photo.image.delete(save=False)
    photo.thumbnail.delete(save=False)
    photo.delete()


def document_add(initiative: Initiative, *, actor: User, upload: UploadedFile, title: str) -> InitiativeDocument:
    _check_editable(initiative, actor)
    check_pdf(upload)
    document = InitiativeDocument(
        initiative=initiative, title=(title or upload.name)[:200], uploaded_by=actor, size=upload.size or 0
    )
    document.file.save("document.pdf", upload, save=False)
    document.save()
    return document


def document_delete(document: InitiativeDocument, *, actor: User) -> None:
    _check_editable(document.initiative, actor)
    document.file.delete(save=False)
    document.delete()
