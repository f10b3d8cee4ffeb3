"""Charters and minutes are stored under random names: an uploaded name may carry a person's name or address."""

from __future__ import annotations

import re

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from tests.factories import CouncilMeetingFactory, TOSFactory

pytestmark = pytest.mark.django_db

PDF = b"%PDF-1.4\n%%EOF\n"
LEAKY_NAME = "Устав ТОС — председатель Иванова М.П., ул. Мира 5-12.pdf"


def test_charter_is_stored_under_a_random_name():
    tos = TOSFactory()
    tos.charter_file = SimpleUploadedFile(LEAKY_NAME, PDF, content_type="application/pdf")
    tos.full_clean()
    tos.save()
    assert re.fullmatch(r"tos/charters/[0-9a-f]{32}\.pdf", tos.charter_file.name)


def test_minutes_are_stored_under_a_random_name():
    meeting = CouncilMeetingFactory()
    meeting.minutes_file = SimpleUploadedFile("протокол, докладчик Петров П.П.pdf", PDF, content_type="application/pdf")
    meeting.full_clean()
    meeting.save()
    year = timezone.now().year
    assert re.fullmatch(rf"minutes/{year}/[0-9a-f]{{32}}\.pdf", meeting.minutes_file.name)


def test_a_charter_with_script_is_served_as_a_sandboxed_attachment(client):
    tos = TOSFactory()
    body = b"%PDF-1.4\n1 0 obj<</OpenAction<</S/JavaScript/JS(app.alert(1))>>>>endobj\n%%EOF\n"
    tos.charter_file = SimpleUploadedFile(LEAKY_NAME, body, content_type="application/pdf")
    tos.save()
    response = client.get(tos.charter_file.url)
    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert response["Content-Security-Policy"] == "sandbox"
    assert response["X-Content-Type-Options"] == "nosniff"
