"""A page per national project: its initiatives and their progress, best practices, partners' programmes.

Linked from the initiative page's national-project tag through initiatives.extensions.
Each page costs a fixed number of queries whatever the number of initiatives.
"""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.core.cache import cache
from django.core.paginator import Paginator
from django.db.models import Count, Q, Sum
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.views.decorators.http import require_safe

from core.translated import language_columns
from initiatives.models import Initiative, NationalProject

from .selectors import CACHE_SECONDS

S = Initiative.Status
PAGE_SIZE = 20


class KnownCountPaginator(Paginator):
    """A paginator told the count (already known from the status counts), saving a COUNT(*)."""

    def __init__(self, *args: Any, count: int, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self._known_count = count

    @cached_property
    def count(self) -> int:
        return self._known_count


def _status_counts(project: NationalProject, initiatives) -> tuple[dict[str, int], dt.datetime]:
    """Counts by status, cached like the statistics (a GROUP BY over a project's rows is not free)."""
    key = f"stats:national-project:v1:{project.pk}"
    cached = cache.get(key)
    if cached is None:
        cached = (dict(initiatives.order_by().values_list("status").annotate(n=Count("pk"))), timezone.now())
        cache.set(key, cached, CACHE_SECONDS)
    return cached


def national_project_url(project: NationalProject) -> str:
    return reverse("stats:national_project", args=[project.slug])


@require_safe
def project_list(request: HttpRequest) -> HttpResponse:
    public = Initiative.public_q()
    projects = NationalProject.objects.filter(is_active=True).annotate(
        initiative_total=Count("initiatives", filter=Q(initiatives__in=Initiative.objects.filter(public))),
        implemented_total=Count("initiatives", filter=Q(initiatives__status=S.IMPLEMENTED)),
    )
    return render(request, "stats/national_projects.html", {"projects": projects})


@require_safe
def project_detail(request: HttpRequest, slug: str) -> HttpResponse:
    from partners.models import Pledge, Programme
    from practices.selectors import library

    project = get_object_or_404(NationalProject, slug=slug)
    initiatives = Initiative.objects.public().filter(national_project=project)
    by_status, counted_at = _status_counts(project, initiatives)
    total = sum(by_status.values())
    statuses = [{"code": code, "label": S(code).label, "count": by_status.get(code, 0),
                 "percent": round(100 * by_status.get(code, 0) / total) if total else 0}
                for code in Initiative.PUBLIC_STATUSES]
    # Newest first by number: the primary key's index gives a page at once, where sorting a
    # project's tens of thousands of rows by publication date would not.
    rows = (initiatives.select_related("district", "microdistrict").order_by("-pk")
            .only("pk", "title", "status", "support_count", "support_threshold", *language_columns("district__name"),
                  "microdistrict__name", "published_at", "scope"))
    page = KnownCountPaginator(rows, PAGE_SIZE, count=total).get_page(request.GET.get("page"))
    page.elided_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    programmes = (Programme.objects.public().filter(applications__initiative__national_project=project)
                  .select_related("partner").distinct().order_by("-applications_open"))
    pledges = Pledge.objects.filter(status__in=Pledge.PUBLIC_STATUSES, initiative__in=initiatives).aggregate(
        count=Count("pk"), amount=Sum("amount"))
    return render(request, "stats/national_project.html", {
        "project": project, "statuses": statuses, "total": total, "page_obj": page,
        "implemented_share": round(100 * by_status.get(S.IMPLEMENTED, 0) / total) if total else 0,
        "programmes": list(programmes), "pledges": pledges, "counted_at": counted_at,
        "practices": library({"national_project": project})[:6],
    })
