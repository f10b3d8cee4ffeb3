"""Bits shared by the forum's admin modules."""

from __future__ import annotations

from typing import Any

from django.db import models

# Links staff paste without a scheme («tgl.ru/…») are https today; say so rather than rely on Django's default.
URL_FIELD_OVERRIDES: dict[type[models.Field], dict[str, Any]] = {models.URLField: {"assume_scheme": "https"}}
