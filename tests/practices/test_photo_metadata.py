"""Practice photos ("before" and "after") are stored without metadata and under random names."""

from __future__ import annotations

import pytest

from tests.image_metadata import assert_clean, dirty_jpeg

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("field", ["photo_before", "photo_after"])
def test_practice_photo_loses_gps_and_comment(make_case, field):
    case = make_case()
    setattr(case, field, dirty_jpeg())
    case.full_clean()
    case.save()
    assert_clean(getattr(case, field))
    assert getattr(case, field).name.startswith("practices/")
