"""Every upload field in every app: images lose their metadata, stored names never keep the uploaded name.

A new app's ImageField or FileField that forgets either fails here.
"""

from __future__ import annotations

from django.apps import apps
from django.db import models

from core.upload_fields import CleanFileField, CleanImageField

# Residents' initiative photos are re-encoded by initiatives.services.content.store_photo
# (display size and thumbnail) before the field ever sees them.
REENCODED_BY_A_SERVICE = {"initiatives.InitiativePhoto.image", "initiatives.InitiativePhoto.thumbnail"}
# Files that are never images (checked as PDFs or presentations by their validators).
NEVER_IMAGES = {
    "acts.NormativeAct.adopted_pdf", "councils.TOS.charter_file", "councils.CouncilMeeting.minutes_file",
    "forum.ProgressReport.evidence_file", "initiatives.InitiativeDocument.file",
    "initiatives.OfficialResponse.attachment",
}


def _file_fields():
    for model in apps.get_models():
        for field in model._meta.get_fields():
            if isinstance(field, models.FileField):
                yield f"{model._meta.label}.{field.name}", field


def test_every_image_field_strips_metadata():
    for label, field in _file_fields():
        if isinstance(field, models.ImageField):
            assert isinstance(field, CleanImageField) or label in REENCODED_BY_A_SERVICE, label
        else:
            assert isinstance(field, CleanFileField) or label in NEVER_IMAGES, label


def test_no_upload_keeps_its_original_name():
    for label, field in _file_fields():
        assert callable(field.upload_to), f"{label} stores files under the uploaded name"
