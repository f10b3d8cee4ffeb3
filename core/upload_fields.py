"""Model fields for uploads: images stored without metadata, files stored under random names.

Every image any app stores (speaker photos, partner logos, practice photos, forum
materials) must lose its metadata — GPS coordinates in EXIF, a JPEG comment, PNG
text — whatever path it arrives by: the admin, a form, a service or a demo
loader. Doing it in the field's ``pre_save`` covers them all in one place;
checking the file (size, format, pixel count) stays with the validators, which
forms run first so that a bad file gets a message rather than an error.
"""

from __future__ import annotations

import uuid
from pathlib import PurePath
from typing import Any

from django.db import models
from django.db.models.fields.files import FieldFile, ImageFieldFile
from django.utils import timezone
from django.utils.deconstruct import deconstructible

from core.uploads import DISPLAY_SIZE, reencode_image

IMAGE_SUFFIXES = (".jpg", ".jpeg", ".png", ".webp")


@deconstructible
class RandomName:
    """``upload_to`` that keeps only the suffix of the uploaded name.

    An uploaded name ("Устав ТОС Ивановой, ул. Мира 5.pdf") can carry a person's
    name or address; the stored name is a uuid. ``prefix`` may use strftime codes.
    """

    def __init__(self, prefix: str, suffix: str = "") -> None:
        self.prefix = prefix
        self.suffix = suffix

    def __call__(self, instance: Any, filename: str) -> str:
        suffix = self.suffix or PurePath(filename).suffix.lower()
        return f"{timezone.now().strftime(self.prefix)}{uuid.uuid4().hex}{suffix}"

    def __eq__(self, other: object) -> bool:
        return isinstance(other, RandomName) and (self.prefix, self.suffix) == (other.prefix, other.suffix)

    def __hash__(self) -> int:
        return hash((self.prefix, self.suffix))


def _clean_save(field_file: FieldFile, name: str, content: Any) -> tuple[str, Any]:
    field = field_file.field
    if field.is_image_name(name or getattr(content, "name", "") or ""):
        # The original name is dropped too: upload_to sees only a neutral ".jpg".
        return "image.jpg", reencode_image(content, field.reencode_size)
    return name, content


class CleanFieldFile(FieldFile):
    def save(self, name: str, content: Any, save: bool = True) -> None:
        super().save(*_clean_save(self, name, content), save=save)


class CleanImageFieldFile(ImageFieldFile):
    def save(self, name: str, content: Any, save: bool = True) -> None:
        super().save(*_clean_save(self, name, content), save=save)


class _ReencodeOnSave:
    """Re-encode a new image as a metadata-free JPEG when it is stored.

    The hook is the field file's ``save``: the field's ``pre_save`` (admin, forms,
    ``Model.save``) and direct ``instance.photo.save(name, content)`` calls both
    pass through it.
    """

    def __init__(self, *args: Any, reencode_size: tuple[int, int] = DISPLAY_SIZE, **kwargs: Any) -> None:
        self.reencode_size = reencode_size
        super().__init__(*args, **kwargs)  # type: ignore[call-arg]

    def is_image_name(self, name: str) -> bool:
        return True

    def deconstruct(self) -> tuple[str, str, list, dict]:
        # Behaviour only, the column is Django's: migrations keep the stock class.
        name, path, args, kwargs = super().deconstruct()  # type: ignore[misc]
        return name, path.replace("core.upload_fields.Clean", "django.db.models."), args, kwargs


class CleanImageField(_ReencodeOnSave, models.ImageField):
    """An ImageField whose stored file is always a re-encoded JPEG without metadata."""

    attr_class = CleanImageFieldFile


class CleanFileField(_ReencodeOnSave, models.FileField):
    """A FileField that accepts images among other files and re-encodes the images (forum materials)."""

    attr_class = CleanFieldFile

    def is_image_name(self, name: str) -> bool:
        return name.lower().endswith(IMAGE_SUFFIXES)
