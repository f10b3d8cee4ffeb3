"""Staff uploads on initiatives: official-response documents under random names, progress photos without metadata."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from initiatives.models import Initiative
from initiatives.services.responses import official_response_add, progress_update_add
from tests.factories import MicrodistrictFactory
from tests.image_metadata import assert_clean, dirty_jpeg
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status


def test_official_response_document_is_stored_under_a_random_name(moderator, district):
    initiative = InitiativeFactory(status=S.CONSIDERATION, microdistrict=MicrodistrictFactory(district=district))
    upload = SimpleUploadedFile("ответ жителю Иванову, ул. Мира 5.pdf", b"%PDF-1.4\n%%EOF\n", "application/pdf")
    response = official_response_add(
        initiative, actor=moderator, organisation="Администрация района", body="Включено в план.", attachment=upload
    )
    assert re.fullmatch(r"initiatives/responses/\d{4}/[0-9a-f]{32}\.pdf", response.attachment.name)


def test_progress_photos_lose_gps_and_comment(moderator, district):
    initiative = InitiativeFactory(status=S.IN_PROGRESS, microdistrict=MicrodistrictFactory(district=district))
    update = progress_update_add(
        initiative, actor=moderator, body="Уложили плитку.", photo_before=dirty_jpeg(), photo_after=dirty_jpeg()
    )
    for photo in (update.photo_before, update.photo_after):
        assert_clean(photo.image)
        assert_clean(photo.thumbnail)
