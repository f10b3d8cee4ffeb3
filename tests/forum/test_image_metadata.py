"""Forum images (speaker photos, image materials) are stored without metadata and under random names."""

from __future__ import annotations

import io

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client
from django.urls import reverse
from PIL import Image

from forum.models import Material, Speaker
from tests.image_metadata import assert_clean, dirty_jpeg

from .factories import ForumEditionFactory

pytestmark = pytest.mark.django_db


def test_speaker_photo_added_in_admin_loses_gps_and_comment(forum_moderator):
    client = Client()
    client.force_login(forum_moderator)
    response = client.post(
        reverse("admin:forum_speaker_add"),
        {"name": "Иванова Мария Петровна", "position": "", "organisation": "ТОС «Квартал»", "photo": dirty_jpeg()},
    )
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    speaker = Speaker.objects.get()
    assert_clean(speaker.photo)
    assert speaker.photo.name.startswith("forum/speakers/")


def test_speaker_photo_saved_by_code_loses_gps_and_comment():
    speaker = Speaker(name="Иванова Мария Петровна", photo=dirty_jpeg())
    speaker.full_clean()
    speaker.save()
    assert_clean(speaker.photo)


def test_image_material_loses_gps_and_comment():
    material = Material(
        edition=ForumEditionFactory(), title="Фото с площадки", kind=Material.Kind.PHOTO, file=dirty_jpeg()
    )
    material.full_clean()
    material.save()
    assert_clean(material.file)
    assert material.file.name.startswith(f"forum/materials/{material.edition.year}/")


def test_png_material_is_stored_as_jpeg_without_its_text_chunks():
    from PIL import PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    meta.add_text("comment", "GPS 53.51N 49.41E home: Ленинский пр., 5-12")
    buffer = io.BytesIO()
    Image.new("RGBA", (60, 40), (10, 20, 30, 128)).save(buffer, format="PNG", pnginfo=meta)
    material = Material(
        edition=ForumEditionFactory(), title="Схема", kind=Material.Kind.PHOTO,
        file=SimpleUploadedFile("схема Ивановой.png", buffer.getvalue(), content_type="image/png"),
    )
    material.full_clean()
    material.save()
    assert_clean(material.file)


def test_pdf_material_is_stored_as_uploaded():
    body = b"%PDF-1.4\n% the programme\n%%EOF\n"
    material = Material(
        edition=ForumEditionFactory(), title="Программа", kind=Material.Kind.DOCUMENT,
        file=SimpleUploadedFile("programme.pdf", body, content_type="application/pdf"),
    )
    material.full_clean()
    material.save()
    material.file.open("rb")
    assert material.file.read() == body
    material.file.close()
    assert material.file.name.endswith(".pdf")
