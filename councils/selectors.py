"""Reads for the public registry pages."""

from __future__ import annotations

from typing import Any

from django.db.models import Count, Q

from .models import TOS, Council, District


def home_context() -> dict[str, Any]:
    districts = District.objects.annotate(
        microdistrict_total=Count("microdistricts", distinct=True),
        public_council_total=Count(
            "councils", filter=Q(councils__kind=Council.Kind.MICRODISTRICT_PUBLIC, councils__is_active=True),
            distinct=True,
        ),
    )
    return {
        "districts": districts,
        "tos_total": TOS.objects.filter(status=TOS.Status.ACTIVE).count(),
    }
