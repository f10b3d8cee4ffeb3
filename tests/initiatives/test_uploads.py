"""Photos and PDFs on the «Фото и документы» step: checked by content, bombs refused, EXIF stripped."""

from __future__ import annotations

import io
import os
import struct
import zlib

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image, ImageFile

from initiatives import services
from initiatives.models import Initiative, InitiativePhoto
from initiatives.views.submission import wizard as views
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status
GPS_IFD = 0x8825


def jpeg(
    name: str = "dvor.jpg", size: tuple[int, int] = (120, 90), exif: Image.Exif | None = None
) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    image = Image.new("RGB", size, (90, 160, 60))
    if exif is not None:
        image.save(buffer, format="JPEG", exif=exif)
    else:
        image.save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


def image_file(name: str, image_format: str, content_type: str) -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (40, 30), (200, 30, 30)).save(buffer, format=image_format)
    return SimpleUploadedFile(name, buffer.getvalue(), content_type=content_type)


def png_claiming(width: int, height: int, name: str = "bomb.png") -> SimpleUploadedFile:
    """A 1×1 PNG whose IHDR claims width×height: a few dozen bytes on disk, a bomb if decoded."""
    buffer = io.BytesIO()
    Image.new("1", (1, 1)).save(buffer, format="PNG")
    data = bytearray(buffer.getvalue())
    # Signature (8) + chunk length (4) + b"IHDR" (4), then width and height, big-endian.
    assert data[12:16] == b"IHDR"
    data[16:24] = struct.pack(">II", width, height)
    # Pillow verifies chunk checksums, so the patched header gets a correct CRC.
    ihdr_length = struct.unpack(">I", data[8:12])[0]
    crc_at = 16 + ihdr_length
    data[crc_at:crc_at + 4] = struct.pack(">I", zlib.crc32(bytes(data[12:crc_at])) & 0xFFFFFFFF)
    return SimpleUploadedFile(name, bytes(data), content_type="image/png")


MINIMAL_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "smeta.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def photos_url(initiative: Initiative) -> str:
    return reverse("initiatives:edit_step", args=[initiative.pk, "photos"])


def photo_errors(response) -> list[str]:
    return list(response.context["form"].errors.get("photos", []))


@pytest.fixture
def initiative(make_initiative) -> Initiative:
    return make_initiative(status=S.DRAFT)


@pytest.fixture
def author_client(login, author):
    return login(author)


# Decompression bombs -------------------------------------------------------------------------------


# 10 000² is over Pillow's warning threshold (a warning), 30 000² over its error threshold (an exception).
@pytest.mark.filterwarnings("ignore::PIL.Image.DecompressionBombWarning")
@pytest.mark.parametrize("side", [10_000, 30_000])
def test_decompression_bomb_refused_before_decoding(author_client, initiative, monkeypatch, side):
    bomb = png_claiming(side, side)
    assert bomb.size < 200  # small on disk

    def no_decoding(self, *args, **kwargs):
        raise AssertionError("the bomb must be refused from its header, without decoding")

    monkeypatch.setattr(ImageFile.ImageFile, "load", no_decoding)
    response = author_client.post(photos_url(initiative), {"photos": [bomb]})
    assert response.status_code == 400
    errors = photo_errors(response)
    assert len(errors) == 1
    assert "bomb.png" in errors[0]
    assert "слишком большое" in errors[0]
    assert "40 Мп" in errors[0]
    assert not initiative.photos.exists()


# Files that are not what their names say -----------------------------------------------------------


def test_text_file_named_jpg_refused(author_client, initiative):
    fake = SimpleUploadedFile("photo.jpg", "Это не фото, а текст.".encode(), content_type="image/jpeg")
    response = author_client.post(photos_url(initiative), {"photos": [fake]})
    assert "«photo.jpg» не является изображением JPEG, PNG или WebP" in photo_errors(response)[0]
    assert not initiative.photos.exists()


def test_gif_refused(author_client, initiative):
    response = author_client.post(photos_url(initiative), {"photos": [image_file("cat.gif", "GIF", "image/gif")]})
    error = photo_errors(response)[0]
    assert "cat.gif" in error
    assert "Формат GIF не поддерживается" in error
    assert not initiative.photos.exists()


def test_file_named_pdf_that_is_not_a_pdf_refused(author_client, initiative):
    fake = SimpleUploadedFile("smeta.pdf", b"<html>not a pdf</html>", content_type="application/pdf")
    response = author_client.post(photos_url(initiative), {"document": fake, "document_title": "Смета"})
    assert response.status_code == 400
    assert "«smeta.pdf» не является PDF-документом" in response.context["form"].errors["document"][0]
    assert not initiative.documents.exists()


def test_image_disguised_as_pdf_refused(author_client, initiative):
    response = author_client.post(photos_url(initiative), {"document": jpeg("scan.pdf")})
    assert "не является PDF" in response.context["form"].errors["document"][0]


def test_real_pdf_stored(author_client, initiative):
    response = author_client.post(photos_url(initiative), {"document": pdf(), "document_title": "Смета на материалы"})
    assert response.status_code == 302
    document = initiative.documents.get()
    assert document.title == "Смета на материалы"
    assert document.file.name.endswith(".pdf")
    assert "smeta" not in document.file.name  # generated names: the uploader's file name is not kept


# Sizes and counts --------------------------------------------------------------------------------------------


def test_photo_over_10_mb_refused(author_client, initiative):
    big = SimpleUploadedFile("huge.jpg", b"\xff\xd8\xff\xe0" + b"\0" * (10 * 1024 * 1024), content_type="image/jpeg")
    response = author_client.post(photos_url(initiative), {"photos": [big]})
    assert "«huge.jpg» больше 10 МБ" in photo_errors(response)[0]
    assert not initiative.photos.exists()


def test_pdf_over_10_mb_refused(author_client, initiative):
    big = SimpleUploadedFile("big.pdf", b"%PDF-1.4\n" + b"0" * (10 * 1024 * 1024), content_type="application/pdf")
    response = author_client.post(photos_url(initiative), {"document": big})
    assert "больше 10 МБ" in response.context["form"].errors["document"][0]


def test_eleventh_photo_refused(author_client, initiative, author):
    for n in range(10):
        services.photo_add(initiative, actor=author, upload=jpeg(f"{n}.jpg"))
    response = author_client.post(photos_url(initiative), {"photos": [jpeg("eleven.jpg")]})
    assert "не больше 10 фотографий" in photo_errors(response)[0]
    assert "eleven.jpg" in photo_errors(response)[0]
    assert initiative.photos.count() == 10


def test_batch_over_the_limit_stores_up_to_ten(author_client, initiative, author):
    for n in range(8):
        services.photo_add(initiative, actor=author, upload=jpeg(f"{n}.jpg"))
    response = author_client.post(photos_url(initiative), {"photos": [jpeg("a.jpg"), jpeg("b.jpg"), jpeg("c.jpg")]})
    assert initiative.photos.count() == 10
    errors = photo_errors(response)
    assert len(errors) == 1
    assert "c.jpg" in errors[0]


# EXIF and GPS ----------------------------------------------------------------------------------------------------


def test_exif_with_gps_is_stripped_from_display_and_thumbnail(author_client, initiative):
    exif = Image.Exif()
    exif[0x010F] = "Телефон жителя"  # Make
    exif[GPS_IFD] = {1: "N", 2: (53.0, 31.0, 0.0), 3: "E", 4: (49.0, 24.0, 0.0)}
    upload = jpeg("home.jpg", size=(2400, 1800), exif=exif)
    with Image.open(io.BytesIO(upload.read())) as original:  # the test file really carries GPS
        assert original.getexif().get_ifd(GPS_IFD)
    upload.seek(0)

    response = author_client.post(photos_url(initiative), {"photos": [upload], "caption": "Вид из окна"})
    assert response.status_code == 302

    photo = initiative.photos.get()
    assert photo.caption == "Вид из окна"
    for field in (photo.image, photo.thumbnail):
        with Image.open(field.path) as stored:
            assert stored.format == "JPEG"
            exif_data = stored.getexif()
            assert len(exif_data) == 0, dict(exif_data)
            assert GPS_IFD not in exif_data
            assert not exif_data.get_ifd(GPS_IFD)
            assert "exif" not in stored.info
    assert (photo.width, photo.height) == (1600, 1200)  # re-encoded to the display size
    with Image.open(photo.thumbnail.path) as thumbnail:
        assert max(thumbnail.size) <= 480


def _stored_bytes_and_info(photo: InitiativePhoto) -> list[tuple[bytes, dict]]:
    out = []
    for field in (photo.image, photo.thumbnail):
        with open(field.path, "rb") as fh:
            raw = fh.read()
        with Image.open(io.BytesIO(raw)) as stored:
            out.append((raw, dict(stored.info)))
    return out


def test_jpeg_comment_is_stripped_from_display_and_thumbnail(author_client, initiative):
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (90, 160, 60)).save(
        buffer, format="JPEG", comment="GPS 53.51N 49.41E home: Ленинский пр., 5-12".encode()
    )
    assert b"home:" in buffer.getvalue()  # the test file really carries the comment
    upload = SimpleUploadedFile("dom.jpg", buffer.getvalue(), content_type="image/jpeg")

    assert author_client.post(photos_url(initiative), {"photos": [upload]}).status_code == 302

    for raw, info in _stored_bytes_and_info(initiative.photos.get()):
        assert b"home:" not in raw and b"GPS" not in raw
        assert "comment" not in info


def test_png_text_chunks_are_stripped_from_display_and_thumbnail(author_client, initiative):
    from PIL import PngImagePlugin

    meta = PngImagePlugin.PngInfo()
    meta.add_text("comment", "GPS 53.51N 49.41E home: Ленинский пр., 5-12")
    meta.add_text("Location", "home: 53.51N")
    meta.add_itxt("Description", "дом жителя", lang="ru")
    buffer = io.BytesIO()
    Image.new("RGB", (300, 200), (90, 160, 60)).save(buffer, format="PNG", pnginfo=meta)
    upload = SimpleUploadedFile("dom.png", buffer.getvalue(), content_type="image/png")

    assert author_client.post(photos_url(initiative), {"photos": [upload]}).status_code == 302

    for raw, info in _stored_bytes_and_info(initiative.photos.get()):
        assert b"home:" not in raw and b"GPS" not in raw
        assert not {"comment", "Location", "Description"} & set(info)


def test_png_and_webp_accepted_and_stored_as_jpeg(author_client, initiative):
    response = author_client.post(photos_url(initiative), {
        "photos": [image_file("plan.png", "PNG", "image/png"), image_file("plan.webp", "WEBP", "image/webp")],
    })
    assert response.status_code == 302
    assert initiative.photos.count() == 2
    for photo in initiative.photos.all():
        assert photo.image.name.endswith(".jpg")


# Refused files do not cost the rest of the POST ---------------------------------------------------------------


def test_after_a_refused_file_the_other_fields_survive(author_client, initiative):
    response = author_client.post(photos_url(initiative), {
        "photos": [jpeg("good-1.jpg"), image_file("anim.gif", "GIF", "image/gif"), jpeg("good-2.jpg")],
        "caption": "Двор до ремонта",
        "document": pdf(),
        "document_title": "Смета",
    })
    assert response.status_code == 400
    html = response.content.decode()
    # The valid files are stored at once, with the caption and title typed in the same POST…
    assert list(initiative.photos.values_list("caption", flat=True)) == ["Двор до ремонта", "Двор до ремонта"]
    assert initiative.documents.get().title == "Смета"
    # …the refused one has its own message, linked to the field…
    errors = photo_errors(response)
    assert len(errors) == 1
    assert "anim.gif" in errors[0]
    assert 'aria-invalid="true"' in html
    # …and the typed text is still in the form.
    assert 'value="Двор до ремонта"' in html
    assert 'value="Смета"' in html
    messages = [str(m) for m in get_messages(response.wsgi_request)]
    assert any("Сохранено файлов: 3" in m for m in messages)


def test_upload_without_files_asks_for_files(author_client, initiative):
    response = author_client.post(photos_url(initiative), {"caption": "Без файла"})
    assert response.status_code == 200
    assert "Выберите фотографии или документ" in response.context["form"].non_field_errors()[0]
    assert 'value="Без файла"' in response.content.decode()


# The photo list and deleting -------------------------------------------------------------------------------------


def test_photo_list_shows_thumbnails_and_delete_buttons(author_client, initiative, author):
    photo = services.photo_add(initiative, actor=author, upload=jpeg(), caption="Старая горка")
    html = author_client.get(photos_url(initiative)).content.decode()
    assert photo.thumbnail.url in html
    assert 'alt="Старая горка"' in html
    assert reverse("initiatives:photo_delete", args=[initiative.pk, photo.pk]) in html
    assert 'enctype="multipart/form-data"' in html
    assert "multiple" in html


def test_group_member_deletes_a_photo_and_its_files(author_client, initiative, author):
    photo = services.photo_add(initiative, actor=author, upload=jpeg())
    paths = (photo.image.path, photo.thumbnail.path)
    response = author_client.post(reverse("initiatives:photo_delete", args=[initiative.pk, photo.pk]))
    assert response.status_code == 302
    assert not InitiativePhoto.objects.filter(pk=photo.pk).exists()
    assert not any(os.path.exists(path) for path in paths)


def test_outsider_cannot_delete_a_photo(login, initiative, author):
    photo = services.photo_add(initiative, actor=author, upload=jpeg())
    response = login(UserFactory()).post(reverse("initiatives:photo_delete", args=[initiative.pk, photo.pk]))
    assert response.status_code == 404
    assert InitiativePhoto.objects.filter(pk=photo.pk).exists()


def test_document_delete(author_client, initiative, author):
    document = services.document_add(initiative, actor=author, upload=pdf(), title="Схема")
    response = author_client.post(reverse("initiatives:document_delete", args=[initiative.pk, document.pk]))
    assert response.status_code == 302
    assert not initiative.documents.exists()


def test_delete_needs_post(author_client, initiative, author):
    photo = services.photo_add(initiative, actor=author, upload=jpeg())
    assert author_client.get(reverse("initiatives:photo_delete", args=[initiative.pk, photo.pk])).status_code == 405


# Rate limit --------------------------------------------------------------------------------------------------------


def test_uploads_are_rate_limited_per_file_with_a_message(author_client, initiative, monkeypatch):
    monkeypatch.setattr(views, "UPLOAD_RATE", "2/h")
    response = author_client.post(photos_url(initiative), {"photos": [jpeg("1.jpg"), jpeg("2.jpg"), jpeg("3.jpg")]})
    assert response.status_code == 400
    assert initiative.photos.count() == 2
    assert "Слишком много загрузок" in photo_errors(response)[0]
    assert "3.jpg" in photo_errors(response)[0]


def test_default_upload_limit_is_sixty_an_hour():
    assert views.UPLOAD_RATE == "60/h"
    assert views.CREATE_RATE == "10/h"
