"""The plan's demo: it is filled from the other apps' data; here only the planned works of accepted demo initiatives.

Idempotent: an initiative that already has planned dates is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.utils import timezone

from core.demo import DemoRun
from initiatives.models import Initiative

DEMO_LIMIT = 12


def load_workplan_demo(run: DemoRun) -> int:
    today = timezone.localdate()
    planned = 0
    candidates = (Initiative.objects.filter(status__in=[Initiative.Status.ACCEPTED, Initiative.Status.IN_PROGRESS],
                                            planned_start__isnull=True, author__email__endswith=".demo.tolyatti.local")
                  .order_by("pk")[:DEMO_LIMIT])
    for index, initiative in enumerate(candidates):
        start = today + dt.timedelta(days=7 + 9 * index)
        Initiative.objects.filter(pk=initiative.pk).update(planned_start=start,
                                                           planned_end=start + dt.timedelta(days=30 + 5 * index))
        planned += 1
    run.write(f"План работы: сроки реализации у {planned} принятых инициатив\n")
    return planned
