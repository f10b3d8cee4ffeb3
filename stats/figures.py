"""The statistics of the portal: each figure is one aggregate query (or a fixed few).

A figure is a small table (columns and rows) the page draws as an SVG chart with the
same numbers in an accessible table, and anyone can download as CSV or JSON. Nothing
here reads a person: authors, supporters and participants are only counted.
"""

from __future__ import annotations

import datetime as dt
import statistics
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any

from django.db import connection
from django.db.models import Count, Min, Q, Sum
from django.db.models.functions import TruncMonth
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translated import in_language
from councils.models import District
from forum.models import ForumEdition, Registration, ResolutionItem
from initiatives.models import Category, Initiative, NationalProject, OfficialResponse, StatusChange, Support

S = Initiative.Status
MONTHS = 12


@dataclass
class Figure:
    slug: str
    title: Any
    columns: list[tuple[str, Any]]  # (key, label)
    rows: list[dict[str, Any]]
    chart: str = "bars"  # "bars" (horizontal, label + value), "columns" (a series by month), "none"
    value_key: str = "count"
    label_key: str = "label"
    note: Any = ""
    extra: dict[str, Any] = field(default_factory=dict)


FigureBuilder = Callable[[], Figure]
_FIGURES: dict[str, FigureBuilder] = {}


def register_figure(slug: str) -> Callable[[FigureBuilder], FigureBuilder]:
    """Figures of apps above stats could register here too; the page shows them in order."""

    def decorator(builder: FigureBuilder) -> FigureBuilder:
        _FIGURES[slug] = builder
        return builder

    return decorator


def figure_slugs() -> list[str]:
    return list(_FIGURES)


def build(slug: str) -> Figure:
    return _FIGURES[slug]()


def _public() -> Any:
    return Initiative.objects.public().order_by()


def _month_starts(today: dt.date, count: int = MONTHS) -> list[dt.date]:
    first = today.replace(day=1)
    months = []
    for _index in range(count):
        months.append(first)
        first = (first - dt.timedelta(days=1)).replace(day=1)
    return list(reversed(months))


def _aware(day: dt.date) -> dt.datetime:
    return timezone.make_aware(dt.datetime.combine(day, dt.time.min))


def _next_month(day: dt.date) -> dt.date:
    return (day.replace(day=28) + dt.timedelta(days=4)).replace(day=1)


COUNT = ("count", _("инициатив"))


@register_figure("initiatives-by-district")
def by_district() -> Figure:
    counts = dict(_public().values_list("district_id").annotate(n=Count("pk")))
    rows = [{"label": d.name, "count": counts.get(d.pk, 0)} for d in District.objects.order_by("sort_order", "name")]
    if counts.get(None):
        rows.append({"label": str(_("весь город")), "count": counts[None]})
    return Figure("initiatives-by-district", _("Инициативы по районам"), [("label", _("район")), COUNT], rows)


@register_figure("initiatives-by-microdistrict")
def by_microdistrict() -> Figure:
    rows = [
        {"label": name, "district": district, "count": n}
        for name, district, n in _public().filter(microdistrict__isnull=False)
        .values_list("microdistrict__name", in_language("district__name")).annotate(n=Count("pk"))
        .order_by("-n", "microdistrict__name")
    ]
    return Figure("initiatives-by-microdistrict", _("Инициативы по микрорайонам"),
                  [("label", _("микрорайон")), ("district", _("район")), COUNT], rows,
                  note=_("На графике — 15 микрорайонов с наибольшим числом инициатив; в таблице и файлах — все."))


@register_figure("initiatives-by-category")
def by_category() -> Figure:
    counts = dict(_public().values_list("category_id").annotate(n=Count("pk")))
    rows = [{"label": c.name, "count": counts.get(c.pk, 0)} for c in Category.objects.all()]
    return Figure("initiatives-by-category", _("Инициативы по категориям"), [("label", _("категория")), COUNT], rows)


@register_figure("initiatives-by-status")
def by_status() -> Figure:
    counts = dict(_public().values_list("status").annotate(n=Count("pk")))
    rows = [{"status": code, "label": str(S(code).label), "count": counts.get(code, 0)}
            for code in Initiative.PUBLIC_STATUSES]
    return Figure("initiatives-by-status", _("Инициативы по статусам"),
                  [("status", _("код статуса")), ("label", _("статус")), COUNT], rows)


@register_figure("initiatives-by-national-project")
def by_national_project() -> Figure:
    counts = dict(_public().values_list("national_project_id").annotate(n=Count("pk")))
    rows = [{"label": p.name, "slug": p.slug, "count": counts.get(p.pk, 0)} for p in NationalProject.objects.all()]
    rows.append({"label": str(_("без национального проекта")), "slug": "", "count": counts.get(None, 0)})
    return Figure("initiatives-by-national-project", _("Инициативы по национальным проектам"),
                  [("label", _("национальный проект")), ("slug", _("код")), COUNT], rows)


FINAL_STATUSES = (S.IMPLEMENTED, S.REJECTED, S.WITHDRAWN, S.EXPIRED)


def _by_month(queryset, field: str, since: dt.datetime) -> tuple[int, dict[dt.date, int]]:
    """How many rows before `since`, and how many in each month from it (two GROUP BYs, no per-row subquery)."""
    before = queryset.filter(**{f"{field}__lt": since}).count()
    per_month: dict[dt.date, int] = {}
    rows = (queryset.filter(**{f"{field}__gte": since}).annotate(month=TruncMonth(field)).values_list("month")
            .annotate(n=Count("pk")).order_by())
    for month, n in rows:
        day = timezone.localtime(month).date() if isinstance(month, dt.datetime) else month
        per_month[day] = per_month.get(day, 0) + n
    return before, per_month


@register_figure("active-groups-by-month")
def active_groups() -> Figure:
    """The resolution's own measure: initiative groups at work each month (published and not yet finished).

    Active in a month = published before the month ends − finished before the month begins;
    an initiative finishes once (the final statuses are final), so both sides are plain counts.
    """
    months = _month_starts(timezone.localdate())
    since = _aware(months[0])
    published_before, published = _by_month(Initiative.objects.filter(published_at__isnull=False).order_by(),
                                             "published_at", since)
    finished = StatusChange.objects.filter(to_status__in=FINAL_STATUSES, initiative__published_at__isnull=False)
    ended_before, ended = _by_month(finished.order_by(), "created_at", since)
    rows = []
    total_published, total_ended = published_before, ended_before
    for start in months:
        total_published += published.get(start, 0)
        rows.append({"month": start.strftime("%Y-%m"), "label": start.strftime("%m.%Y"),
                     "count": max(0, total_published - total_ended)})
        total_ended += ended.get(start, 0)
    return Figure("active-groups-by-month", _("Активные инициативные группы по месяцам"),
                  [("month", _("месяц")), ("count", _("активных групп"))], rows, chart="columns",
                  note=_("Группа активна в месяце, если её инициатива опубликована и ещё не реализована, "
                         "не отклонена, не отозвана и не истекла."))


@register_figure("implemented-share")
def implemented_share() -> Figure:
    totals = _public().aggregate(total=Count("pk"), implemented=Count("pk", filter=Q(status=S.IMPLEMENTED)))
    total, done = totals["total"] or 0, totals["implemented"] or 0
    share = round(100 * done / total, 1) if total else 0.0
    rows = [{"label": str(_("реализовано")), "count": done}, {"label": str(_("всего опубликовано")), "count": total}]
    return Figure("implemented-share", _("Доля реализованных инициатив"),
                  [("label", _("показатель")), ("count", _("инициатив"))], rows, extra={"share": share})


PUBLIC_SQL = (
    "i.status IN ({statuses}) AND NOT (i.status = 'rejected' AND i.published_at IS NULL)"
)


def _median_pg(first_sql: str, params: list[Any]) -> tuple[float | None, int]:
    """The median in PostgreSQL (percentile_cont over a GROUP BY join), one query."""
    statuses = ", ".join(["%s"] * len(Initiative.PUBLIC_STATUSES))
    # Built only from this module's constants; values go as parameters.
    sql = (
        "SELECT percentile_cont(0.5) WITHIN GROUP "  # noqa: S608
        "(ORDER BY EXTRACT(EPOCH FROM (f.first_at - i.submitted_at)) / 86400),"
        f" COUNT(*) FROM initiatives_initiative i JOIN ({first_sql}) f ON f.initiative_id = i.id"
        f" WHERE {PUBLIC_SQL.format(statuses=statuses)} AND i.submitted_at IS NOT NULL"
        " AND f.first_at >= i.submitted_at"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [*params, *[str(s) for s in Initiative.PUBLIC_STATUSES]])
        median, count = cursor.fetchone()
    return (round(float(median), 1) if median is not None else None), count


def _median_python(firsts: dict[int, dt.datetime]) -> tuple[float | None, int]:
    submitted = dict(_public().filter(pk__in=list(firsts), submitted_at__isnull=False)
                     .values_list("pk", "submitted_at"))
    days = [(firsts[pk] - at).total_seconds() / 86400 for pk, at in submitted.items() if firsts[pk] >= at]
    return (round(statistics.median(days), 1) if days else None), len(days)


def _median_days_to(first_sql: str, params: list[Any], queryset) -> tuple[float | None, int]:
    if connection.vendor == "postgresql":
        return _median_pg(first_sql, params)
    firsts = dict(queryset.values_list("initiative_id").annotate(first_at=Min("created_at")).order_by())
    return _median_python(firsts)


@register_figure("median-days")
def median_days() -> Figure:
    """Days from submission to the first official answer, and to a decision (accepted or rejected)."""
    answer, answered = _median_days_to(
        "SELECT initiative_id, MIN(created_at) AS first_at FROM initiatives_officialresponse GROUP BY initiative_id",
        [], OfficialResponse.objects.all(),
    )
    decided, decisions = _median_days_to(
        "SELECT initiative_id, MIN(created_at) AS first_at FROM initiatives_statuschange"
        " WHERE to_status IN (%s, %s) GROUP BY initiative_id",
        [str(S.ACCEPTED), str(S.REJECTED)], StatusChange.objects.filter(to_status__in=[S.ACCEPTED, S.REJECTED]),
    )
    rows = [
        {"label": str(_("до первого официального ответа")), "count": answer, "cases": answered},
        {"label": str(_("до решения (принята или отклонена)")), "count": decided, "cases": decisions},
    ]
    return Figure("median-days", _("Медиана дней от подачи инициативы"),
                  [("label", _("до чего")), ("count", _("дней (медиана)")), ("cases", _("инициатив с ответом"))],
                  rows)


@register_figure("supports-by-month")
def supports_by_month() -> Figure:
    months = _month_starts(timezone.localdate())
    counts = {
        timezone.localtime(m).date() if isinstance(m, dt.datetime) else m: n
        for m, n in Support.objects.filter(created_at__gte=_aware(months[0])).order_by()
        .annotate(month=TruncMonth("created_at")).values_list("month").annotate(n=Count("pk"))
    }
    rows = [{"month": m.strftime("%Y-%m"), "label": m.strftime("%m.%Y"), "count": counts.get(m, 0)} for m in months]
    return Figure("supports-by-month", _("Поддержки инициатив по месяцам"),
                  [("month", _("месяц")), ("count", _("поддержек"))], rows, chart="columns")


@register_figure("forum-participation")
def forum_participation() -> Figure:
    editions = ForumEdition.objects.order_by("year").annotate(
        registered=Count("registrations", filter=Q(registrations__status__in=Registration.ACTIVE_STATUSES)),
        attended=Count("registrations", filter=Q(registrations__status=Registration.Status.ATTENDED)),
    )
    rows = [{"label": str(e.year), "year": e.year, "count": e.registered, "attended": e.attended} for e in editions]
    return Figure("forum-participation", _("Форум: регистрации и явка по годам"),
                  [("year", _("год")), ("count", _("зарегистрировано")), ("attended", _("пришли"))], rows)


@register_figure("resolution-progress")
def resolution_progress() -> Figure:
    items = ResolutionItem.objects.select_related("resolution__edition").order_by("resolution__adopted_on", "number")
    rows = [{"label": f"{i.resolution.edition.year} · {i.number}", "year": i.resolution.edition.year,
             "number": i.number, "status": str(i.get_status_display()), "count": i.effective_percent,
             "deadline": i.deadline.isoformat() if i.deadline else ""} for i in items]
    return Figure("resolution-progress", _("Исполнение пунктов резолюций форума, %"),
                  [("year", _("год форума")), ("number", _("пункт")), ("status", _("статус")),
                   ("count", _("выполнено, %")), ("deadline", _("срок"))], rows, extra={"max": 100})


@register_figure("partner-pledges")
def partner_pledges() -> Figure:
    from partners.models import Pledge

    counts = {kind: (n, amount) for kind, n, amount in Pledge.objects.filter(status__in=Pledge.PUBLIC_STATUSES)
              .order_by().values_list("kind").annotate(n=Count("pk"), amount=Sum("amount"))}
    rows = [{"kind": code, "label": str(label), "count": counts.get(code, (0, None))[0],
             "amount": float(counts.get(code, (0, None))[1] or 0)} for code, label in Pledge.Kind.choices]
    return Figure("partner-pledges", _("Предложения поддержки от партнёров по видам"),
                  [("kind", _("код")), ("label", _("вид поддержки")), ("count", _("предложений")),
                   ("amount", _("сумма, ₽"))], rows)
