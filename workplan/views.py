"""«План работы»: a month view and a list view (both plain HTML, no JavaScript) and iCalendar feeds."""

from __future__ import annotations

import datetime as dt
from typing import Any

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe

from core.plan import PlanQuery

from . import ics, selectors
from .forms import PlanFilterForm

LIST_DAYS = 90
FEED_PAST_DAYS = 60
FEED_FUTURE_DAYS = 365


def _filters(request: HttpRequest) -> tuple[PlanFilterForm, dict[str, Any]]:
    form = PlanFilterForm(request.GET or None)
    if not form.is_bound:
        return form, {}
    if form.is_valid():
        return form, form.cleaned_data
    # Keep what is valid; a bad value is shown as an error and ignored.
    return form, {k: v for k, v in form.cleaned_data.items() if k not in form.errors}


def _query(data: dict[str, Any], start: dt.date, end: dt.date) -> PlanQuery:
    return PlanQuery(
        start=start, end=end,
        district_id=data["district"].pk if data.get("district") else None,
        microdistrict_id=data["microdistrict"].pk if data.get("microdistrict") else None,
        council_id=data["council"].pk if data.get("council") else None,
    )


def _kinds(data: dict[str, Any]) -> list[str] | None:
    return [data["kind"]] if data.get("kind") else None


def _querystring(request: HttpRequest, **changes: Any) -> str:
    params = request.GET.copy()
    for key, value in changes.items():
        if value is None:
            params.pop(key, None)
        else:
            params[key] = value
    return params.urlencode()


def _context(request: HttpRequest, form: PlanFilterForm, data: dict[str, Any]) -> dict[str, Any]:
    feed = reverse("workplan:feed")
    qs = _querystring(request, month=None)
    return {"form": form, "feed_url": f"{feed}?{qs}" if qs else feed, "filtered": bool(qs),
            "list_url": f"{reverse('workplan:list')}?{qs}" if qs else reverse("workplan:list"),
            "month_url": f"{reverse('workplan:month')}?{qs}" if qs else reverse("workplan:month")}


@require_safe
def month_view(request: HttpRequest) -> HttpResponse:
    form, data = _filters(request)
    month = data.get("month") or timezone.localdate().replace(day=1)
    first, last = selectors.month_bounds(month)
    found = selectors.events(_query(data, first - dt.timedelta(days=7), last + dt.timedelta(days=7)), _kinds(data))
    previous = (first - dt.timedelta(days=1)).replace(day=1)
    following = last + dt.timedelta(days=1)
    return render(request, "workplan/month.html", {
        **_context(request, form, data), "month": first, "weeks": selectors.month_grid(first, found),
        "previous_qs": _querystring(request, month=previous.strftime("%Y-%m")),
        "next_qs": _querystring(request, month=following.strftime("%Y-%m")),
        "weekdays": [_("Пн"), _("Вт"), _("Ср"), _("Чт"), _("Пт"), _("Сб"), _("Вс")],
    })


@require_safe
def list_view(request: HttpRequest) -> HttpResponse:
    form, data = _filters(request)
    today = timezone.localdate()
    start = data.get("month") or today
    end = (selectors.month_bounds(start)[1] if data.get("month") else today + dt.timedelta(days=LIST_DAYS))
    found = selectors.events(_query(data, start, end), _kinds(data))
    days: dict[dt.date, list] = {}
    for event in found:
        days.setdefault(max(selectors.start_date(event), start), []).append(event)
    return render(request, "workplan/list.html", {
        **_context(request, form, data), "days": sorted(days.items()), "start": start, "end": end,
    })


@require_safe
def feed(request: HttpRequest) -> HttpResponse:
    _form, data = _filters(request)
    today = timezone.localdate()
    found = selectors.events(
        _query(data, today - dt.timedelta(days=FEED_PAST_DAYS), today + dt.timedelta(days=FEED_FUTURE_DAYS)),
        _kinds(data),
    )
    parts = [str(data[k]) for k in ("district", "microdistrict", "council") if data.get(k)]
    name = _("План работы") + (f": {', '.join(parts)}" if parts else "")
    response = HttpResponse(ics.build_feed(found, name=name), content_type="text/calendar; charset=utf-8")
    response["Content-Disposition"] = 'inline; filename="plan.ics"'
    return response
