from __future__ import annotations

from collections.abc import Callable
from decimal import Decimal

import pytest
from django.utils import timezone

from initiatives.models import Category, Initiative, NationalProject, StatusChange
from practices.models import PracticeCase
from tests.initiatives.factories import InitiativeFactory

S = Initiative.Status


@pytest.fixture
def make_case(db, district) -> Callable[..., PracticeCase]:
    counter = iter(range(1, 10_000))

    def make(**fields) -> PracticeCase:
        n = next(counter)
        fields.setdefault("title", f"Двор без машин {n}")
        fields.setdefault("slug", f"case-{n}")
        fields.setdefault("organisation", "ТОС «Жигулёвское море»")
        fields.setdefault("problem", "Машины на газонах.")
        fields.setdefault("solution", "Ограждения и парковка.")
        fields.setdefault("results", "40 мест, 1 200 м² газона.")
        fields.setdefault("year", 2024)
        fields.setdefault("district", district)
        fields.setdefault("budget", Decimal("640000"))
        fields.setdefault("is_published", True)
        fields.setdefault("category", Category.objects.get(slug="blagoustroystvo"))
        return PracticeCase.objects.create(**fields)

    return make


@pytest.fixture
def make_best_practice(db) -> Callable[..., Initiative]:
    def make(**fields) -> Initiative:
        fields.setdefault("status", S.IMPLEMENTED)
        fields.setdefault("is_best_practice", True)
        fields.setdefault("best_practice_summary", "Договоритесь с питомником заранее.")
        fields.setdefault("category", Category.objects.get(slug="ekologiya"))
        fields.setdefault("national_project", NationalProject.objects.get(slug="ekologicheskoe-blagopoluchie"))
        fields.setdefault("estimated_budget", Decimal("90000"))
        initiative = InitiativeFactory(**fields)
        StatusChange.objects.create(initiative=initiative, from_status=S.IN_PROGRESS, to_status=S.IMPLEMENTED,
                                    created_at=timezone.now())
        return initiative

    return make
