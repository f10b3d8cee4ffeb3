"""A JPEG that carries a resident's whereabouts in EXIF GPS and in a JPEG comment, and the check
that a stored file carries neither (shared by every app's image-field tests)."""

from __future__ import annotations

import io

from django.core.files.uploadedfile import SimpleUploadedFile
from PIL import Image

GPS_IFD = 0x8825
SECRET = "GPS 53.51N 49.41E home: Ленинский пр., 5-12"


def dirty_jpeg(name: str = "Иванова Мария, ул. Мира 5.jpg") -> SimpleUploadedFile:
    exif = Image.Exif()
    exif[GPS_IFD] = {1: "N", 2: (53.0, 31.0, 0.0), 3: "E", 4: (49.0, 24.0, 0.0)}
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (90, 160, 60)).save(
        buffer, format="JPEG", exif=exif, comment=SECRET.encode()
    )
    raw = buffer.getvalue()
    # The test file really carries both.
    with Image.open(io.BytesIO(raw)) as original:
        assert original.getexif().get_ifd(GPS_IFD)
        assert SECRET.encode() in original.info["comment"]
    return SimpleUploadedFile(name, raw, content_type="image/jpeg")


def assert_clean(field_file) -> None:
    """The stored file is a JPEG with no EXIF, no comment, and a name that says nothing of the upload."""
    field_file.open("rb")
    try:
        raw = field_file.read()
    finally:
        field_file.close()
    assert b"home:" not in raw and b"GPS" not in raw
    with Image.open(io.BytesIO(raw)) as stored:
        assert stored.format == "JPEG"
        assert "comment" not in stored.info
        assert "exif" not in stored.info
        assert not stored.getexif().get_ifd(GPS_IFD)
    assert "Иванова" not in field_file.name and "Мира" not in field_file.name
    assert field_file.name.endswith(".jpg")
