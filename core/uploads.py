"""Checking and re-encoding uploads (residents' photos and documents, staff files).

Photos are judged by their content, not their name: only JPEG, PNG and WebP are
accepted, the pixel count is checked from the header before any decoding (a
decompression bomb is refused without being expanded), and the image is
re-encoded so all metadata — EXIF (GPS coordinates of a resident's home), XMP,
JPEG comments and PNG text chunks — is gone.
"""

from __future__ import annotations

import io
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.core.files.uploadedfile import UploadedFile
from django.utils.translation import gettext as _
from PIL import Image, ImageOps, UnidentifiedImageError

MAX_PHOTO_BYTES = 10 * 1024 * 1024
MAX_PHOTO_PIXELS = 40_000_000
MAX_PDF_BYTES = 10 * 1024 * 1024
ALLOWED_FORMATS = {"JPEG", "PNG", "WEBP"}
DISPLAY_SIZE = (1600, 1600)
THUMB_SIZE = (480, 480)


@dataclass(frozen=True)
class ProcessedPhoto:
    display: ContentFile
    thumbnail: ContentFile


def _encode(image: Image.Image, size: tuple[int, int], quality: int) -> ContentFile:
    copy = image.copy()
    copy.thumbnail(size, Image.Resampling.LANCZOS)
    # Pillow writes im.info["comment"] into the JPEG by default, and a PNG's text
    # chunks (a tEXt "comment" among them) arrive in im.info too: drop all of it,
    # and pass no exif=, xmp= or icc_profile=, so the file holds pixels only.
    copy.info = {}
    buffer = io.BytesIO()
    copy.save(buffer, format="JPEG", quality=quality, optimize=True, progressive=True)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def _open_checked(upload: UploadedFile) -> Image.Image:
    """The upload decoded as an RGB image, after the size, format and pixel-count checks."""
    if upload.size is not None and upload.size > MAX_PHOTO_BYTES:
        raise ValidationError(
            _("Файл «%(name)s» больше 10 МБ.") % {"name": upload.name}, code="too_large"
        )
    upload.seek(0)
    try:
        # Image.open reads only the header; nothing is decoded yet.
        with Image.open(upload) as probe:
            image_format = probe.format
            width, height = probe.size
    except Image.DecompressionBombError:
        width, height, image_format = MAX_PHOTO_PIXELS, 2, "JPEG"  # reported as too many pixels below
    except (UnidentifiedImageError, OSError):
        raise ValidationError(
            _("Файл «%(name)s» не является изображением JPEG, PNG или WebP.") % {"name": upload.name},
            code="not_an_image",
        ) from None
    if image_format not in ALLOWED_FORMATS:
        raise ValidationError(
            _("Формат %(format)s не поддерживается: загрузите JPEG, PNG или WebP.") % {"format": image_format},
            code="format",
        )
    if width * height > MAX_PHOTO_PIXELS:
        raise ValidationError(
            _("Изображение «%(name)s» слишком большое (%(mp)d Мп); предел — 40 Мп.")
            % {"name": upload.name, "mp": width * height // 1_000_000},
            code="too_many_pixels",
        )
    upload.seek(0)
    try:
        with Image.open(upload) as image:
            image.load()
            # Apply the camera's orientation before the EXIF that carries it is dropped.
            image = ImageOps.exif_transpose(image)
            if image.mode in ("RGBA", "LA", "P"):
                rgba = image.convert("RGBA")
                background = Image.new("RGB", rgba.size, (255, 255, 255))
                background.paste(rgba, mask=rgba.getchannel("A"))
                return background
            return image.convert("RGB")
    except (OSError, ValueError, Image.DecompressionBombError):
        raise ValidationError(
            _("Файл «%(name)s» повреждён и не может быть прочитан.") % {"name": upload.name}, code="corrupt"
        ) from None
    finally:
        upload.seek(0)


def process_photo(upload: UploadedFile) -> ProcessedPhoto:
    """A resident's photo: display size and thumbnail, both pixels only."""
    image = _open_checked(upload)
    return ProcessedPhoto(display=_encode(image, DISPLAY_SIZE, 85), thumbnail=_encode(image, THUMB_SIZE, 80))


def reencode_image(upload: UploadedFile, size: tuple[int, int] = DISPLAY_SIZE) -> ContentFile:
    """A staff image (speaker photo, logo, practice photo, material): one JPEG, pixels only."""
    return _encode(_open_checked(upload), size, 85)


def check_pdf(upload: UploadedFile) -> None:
    if upload.size is not None and upload.size > MAX_PDF_BYTES:
        raise ValidationError(_("Документ «%(name)s» больше 10 МБ.") % {"name": upload.name}, code="too_large")
    upload.seek(0)
    head = upload.read(1024)
    upload.seek(0)
    if not head.startswith(b"%PDF-"):
        raise ValidationError(
            _("Файл «%(name)s» не является PDF-документом.") % {"name": upload.name}, code="not_a_pdf"
        )


def _new_upload(value) -> UploadedFile | None:
    """The file being uploaded through a FileField, or None for one already stored."""
    if value and not getattr(value, "_committed", True):
        return value.file
    return None


def validate_pdf_upload(value) -> None:
    """Model-field validator: a new upload must be a real PDF within the size limit (admin forms too)."""
    upload = _new_upload(value)
    if upload is not None:
        check_pdf(upload)


def validate_image_upload(value) -> None:
    """Model-field validator: a new upload must be a JPEG, PNG or WebP Pillow can read safely."""
    upload = _new_upload(value)
    if upload is not None:
        _open_checked(upload)


def validate_material_upload(value) -> None:
    """Forum materials: PDFs and images by their content, presentations by their ZIP container."""
    upload = _new_upload(value)
    if upload is None:
        return
    name = (getattr(upload, "name", "") or "").lower()
    if name.endswith(".pdf"):
        check_pdf(upload)
    elif name.endswith((".jpg", ".jpeg", ".png")):
        validate_image_upload(value)
    else:
        if upload.size is not None and upload.size > MAX_PDF_BYTES * 5:
            raise ValidationError(_("Файл «%(name)s» больше 50 МБ.") % {"name": upload.name}, code="too_large")
        upload.seek(0)
        head = upload.read(4)
        upload.seek(0)
        # .pptx and .odp are ZIP containers.
        if head != b"PK\x03\x04":
            raise ValidationError(
                _("Файл «%(name)s» не является презентацией.") % {"name": upload.name}, code="not_a_presentation"
            )
