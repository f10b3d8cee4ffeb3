"""Photos and documents of an initiative."""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from ..storage import PRIVATE_PREFIX, get_initiative_file_storage
from .initiative import Initiative


def _where(instance: InitiativePhoto | InitiativeDocument) -> str:
    # Files of an initiative that is not public go to the private storage (initiatives.storage);
    # publication moves them.
    return "" if instance.initiative.is_public else PRIVATE_PREFIX


def _photo_path(instance: InitiativePhoto, filename: str) -> str:
    # Generated names: the uploader's file name may carry personal data.
    return f"{_where(instance)}initiatives/photos/{instance.initiative_id}/{uuid.uuid4().hex}.jpg"


def _thumb_path(instance: InitiativePhoto, filename: str) -> str:
    return f"{_where(instance)}initiatives/photos/{instance.initiative_id}/thumbs/{uuid.uuid4().hex}.jpg"


def _document_path(instance: InitiativeDocument, filename: str) -> str:
    return f"{_where(instance)}initiatives/documents/{instance.initiative_id}/{uuid.uuid4().hex}.pdf"


class InitiativePhoto(models.Model):
    """A re-encoded photo (metadata stripped) in display size, with a thumbnail."""

    class Kind(models.TextChoices):
        GALLERY = "gallery", _("фото")
        BEFORE = "before", _("до")
        AFTER = "after", _("после")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(_("вид"), max_length=10, choices=Kind.choices, default=Kind.GALLERY)
    image = models.ImageField(
        _("фото"), upload_to=_photo_path, width_field="width", height_field="height",
        storage=get_initiative_file_storage,
    )
    thumbnail = models.ImageField(_("миниатюра"), upload_to=_thumb_path, storage=get_initiative_file_storage)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    caption = models.CharField(_("подпись"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("загружено"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("фото инициативы")
        verbose_name_plural = _("фото инициативы")

    def __str__(self) -> str:
        return self.caption or f"#{self.pk}"


class InitiativeDocument(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("название документа"), max_length=200)
    file = models.FileField(
        _("файл (PDF)"), upload_to=_document_path, validators=[FileExtensionValidator(["pdf"])],
        storage=get_initiative_file_storage,
    )
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("загружено"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("документ инициативы")
        verbose_name_plural = _("документы инициативы")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # Never the file's own URL: the view checks access and serves a sandboxed attachment.
        return reverse("initiatives:document_file", args=[self.initiative_id, self.pk])
