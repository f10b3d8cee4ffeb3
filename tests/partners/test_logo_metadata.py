"""A partner's logo is stored without metadata (an EXIF GPS tag or a JPEG comment) and under a random name."""

from __future__ import annotations

import pytest

from tests.image_metadata import assert_clean, dirty_jpeg

from .factories import PartnerFactory

pytestmark = pytest.mark.django_db


def test_logo_loses_gps_and_comment():
    partner = PartnerFactory()
    partner.logo = dirty_jpeg()
    partner.full_clean()
    partner.save()
    assert_clean(partner.logo)
    assert partner.logo.name.startswith("partners/logos/")
