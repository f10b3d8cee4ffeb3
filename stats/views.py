"""«Статистика» and «Открытые данные»: figures with charts and tables, data sets with their descriptions."""

from __future__ import annotations

from django.core.cache import cache
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.views.decorators.http import require_safe

from . import charts, datasets, dumps, figures, selectors
from .exports import csv_response, json_response


@require_safe
def statistics_page(request: HttpRequest) -> HttpResponse:
    snapshot = selectors.snapshot()
    blocks = [{"figure": f, "chart": charts.chart_for(f)} for f in snapshot.figures.values()]
    return render(request, "stats/statistics.html", {
        "blocks": blocks, "computed_at": snapshot.computed_at, "cache_minutes": selectors.CACHE_SECONDS // 60,
    })


def _meta(title, updated_at, source: str) -> dict:
    return {"title": str(title), "licence": str(datasets.LICENCE), "licence_url": datasets.LICENCE_URL,
            "updated_at": updated_at.isoformat() if updated_at else None, "source": source}


@require_safe
def figure_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    if slug not in figures.figure_slugs():
        raise Http404
    figure, computed_at = selectors.figure(slug)
    columns = [key for key, _label in figure.columns]
    name = f"statistics-{slug}"
    if fmt == "csv":
        return csv_response(name, columns, figure.rows)
    meta = _meta(figure.title, computed_at, request.build_absolute_uri())
    meta["column_titles"] = {key: str(label) for key, label in figure.columns}
    if figure.extra:
        meta["extra"] = figure.extra
    return json_response(name, meta, columns, figure.rows)


def _updated_at(dataset: datasets.DataSet):
    """When the data set last changed; read once per cache period (a MAX over 100,000 rows is not free)."""
    key = f"stats:dataset-updated:v1:{dataset.slug}"
    value = cache.get(key)
    if value is None:
        value = (dataset.updated_at(),)
        cache.set(key, value, selectors.CACHE_SECONDS)
    return value[0]


@require_safe
def open_data_page(request: HttpRequest) -> HttpResponse:
    sets = []
    for d in datasets.all_datasets():
        updated = _updated_at(d)
        sets.append({"dataset": d, "updated_at": updated or timezone.now(), "exact": updated is not None,
                     "built_at": dumps.built_at(d.slug)})
    snapshot = selectors.snapshot()
    return render(request, "stats/open_data.html", {
        "sets": sets, "figures": list(snapshot.figures.values()), "computed_at": snapshot.computed_at,
        "licence": datasets.LICENCE, "licence_url": datasets.LICENCE_URL,
    })


@require_safe
def dataset_export(request: HttpRequest, slug: str, fmt: str) -> HttpResponse:
    dataset = datasets.get_dataset(slug)
    if dataset is None:
        raise Http404
    stored = dumps.fresh_file(slug, fmt)
    if stored is not None:
        content_type = "text/csv; charset=utf-8" if fmt == "csv" else "application/json; charset=utf-8"
        response = FileResponse(stored, content_type=content_type)
        disposition = "attachment" if fmt == "csv" else "inline"
        response["Content-Disposition"] = f'{disposition}; filename="{slug}.{fmt}"'
        return response
    columns = [key for key, _description in dataset.columns]
    if fmt == "csv":
        return csv_response(slug, columns, dataset.rows())
    meta = _meta(dataset.title, dataset.updated_at() or timezone.now(), request.build_absolute_uri())
    meta["column_descriptions"] = {key: str(text) for key, text in dataset.columns}
    return json_response(slug, meta, columns, dataset.rows())
