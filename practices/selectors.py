"""The library of best practices: implemented initiatives marked as best practices, and staff's cases.

Both sources are filtered in the database with the same filters and merged here; each
is one query whatever the number of rows (thumbnails, implementation dates and repeat
counts come from correlated subqueries), so the page costs the same for 5 or 500.
"""

from __future__ import annotations

from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.core.files.storage import default_storage
from django.db.models import Count, IntegerField, OuterRef, Q, QuerySet, Subquery, Value
from django.db.models.functions import Coalesce, ExtractYear
from django.urls import reverse

from core.translated import language_columns
from initiatives.models import Initiative, InitiativePhoto, StatusChange

from .models import PracticeCase, PracticeRepeat


@dataclass
class Practice:
    kind: str  # "initiative" or "case"
    pk: int
    title: str
    url_arg: Any  # the initiative's pk or the case's slug
    summary: str
    category: str
    district: str
    national_project: str
    budget: Decimal | None
    year: int | None
    thumbnail_name: str
    repeat_count: int

    # Built only for the rows a page shows: hundreds of reverse() calls add up at city scale.
    @property
    def url(self) -> str:
        name = "initiatives:detail" if self.kind == "initiative" else "practices:case"
        return reverse(name, args=[self.url_arg])

    @property
    def thumbnail_url(self) -> str:
        return default_storage.url(self.thumbnail_name) if self.thumbnail_name else ""


def _repeat_count(field: str) -> Subquery:
    counts = (PracticeRepeat.objects.filter(**{field: OuterRef("pk")}).order_by().values(field)
              .annotate(n=Count("pk")).values("n"))
    return Coalesce(Subquery(counts, output_field=IntegerField()), Value(0))


def best_practice_initiatives() -> QuerySet[Initiative]:
    implemented_at = (StatusChange.objects.filter(initiative=OuterRef("pk"), to_status=Initiative.Status.IMPLEMENTED)
                      .order_by("-created_at").values("created_at")[:1])
    photo = (InitiativePhoto.objects.filter(initiative=OuterRef("pk"))
             .order_by("-kind", "position", "id").values("thumbnail")[:1])  # "after" before "before"/"gallery"
    return (
        Initiative.objects.public().filter(is_best_practice=True)
        .select_related("category", "district", "national_project")
        # The reference names in every language (core.translated): the page reads them in the reader's.
        .only("pk", "title", "summary", "best_practice_summary", "estimated_budget", "status", "published_at",
              *language_columns("category__name", "district__name", "national_project__name"))
        .annotate(implemented_at=Subquery(implemented_at), thumbnail_name=Subquery(photo),
                  repeat_total=_repeat_count("source_initiative"))
        .annotate(done_year=ExtractYear("implemented_at"))
    )


def published_cases() -> QuerySet[PracticeCase]:
    return (PracticeCase.objects.published().select_related("category", "district", "national_project")
            .annotate(repeat_total=_repeat_count("case")))


def _filtered(filters: dict[str, Any]) -> tuple[QuerySet[Initiative], QuerySet[PracticeCase]]:
    initiatives, cases = best_practice_initiatives(), published_cases()
    for field in ("category", "district", "national_project"):
        if value := filters.get(field):
            initiatives = initiatives.filter(**{field: value})
            cases = cases.filter(**{field: value})
    if (low := filters.get("budget_min")) is not None:
        initiatives = initiatives.filter(estimated_budget__gte=low)
        cases = cases.filter(budget__gte=low)
    if (high := filters.get("budget_max")) is not None:
        initiatives = initiatives.filter(estimated_budget__lte=high)
        cases = cases.filter(budget__lte=high)
    if year := filters.get("year"):
        initiatives = initiatives.filter(done_year=year)
        cases = cases.filter(year=year)
    if text := (filters.get("q") or "").strip():
        initiatives = initiatives.filter(
            Q(title__icontains=text) | Q(summary__icontains=text) | Q(description__icontains=text)
            | Q(best_practice_summary__icontains=text)
        )
        cases = cases.filter(
            Q(title__icontains=text) | Q(organisation__icontains=text) | Q(problem__icontains=text)
            | Q(solution__icontains=text) | Q(results__icontains=text)
        )
    return initiatives, cases


def library(filters: dict[str, Any]) -> list[Practice]:
    """Every practice matching the filters, newest first (two queries)."""
    initiatives, cases = _filtered(filters)
    rows = [
        Practice(
            kind="initiative", pk=i.pk, title=i.title, url_arg=i.pk,
            summary=i.best_practice_summary or i.summary, category=i.category.name if i.category else "",
            district=i.district.name if i.district else "", budget=i.estimated_budget,
            national_project=i.national_project.name if i.national_project else "", year=i.done_year,
            thumbnail_name=i.thumbnail_name or "", repeat_count=i.repeat_total,
        )
        for i in initiatives
    ] + [
        Practice(
            kind="case", pk=c.pk, title=c.title, url_arg=c.slug, summary=c.problem,
            category=c.category.name if c.category else "", district=c.district.name if c.district else "",
            national_project=c.national_project.name if c.national_project else "", budget=c.budget, year=c.year,
            thumbnail_name=(c.photo_after or c.photo_before).name or "", repeat_count=c.repeat_total,
        )
        for c in cases
    ]
    return sorted(rows, key=lambda p: (-(p.year or 0), p.title))


def available_years() -> list[int]:
    years = set(published_cases().values_list("year", flat=True))
    years |= {y for y in best_practice_initiatives().values_list("done_year", flat=True) if y}
    return sorted(years, reverse=True)


def repeat_count_of_initiative(initiative: Initiative) -> int:
    return PracticeRepeat.objects.filter(source_initiative=initiative).count()


def repeated_from(initiative: Initiative) -> PracticeRepeat | None:
    return (PracticeRepeat.objects.filter(initiative=initiative).select_related("case", "source_initiative")
            .first())
