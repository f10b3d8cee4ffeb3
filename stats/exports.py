"""CSV and JSON renderings of a table (a figure or a data set): streamed, UTF-8 with a BOM for spreadsheets."""

from __future__ import annotations

import datetime as dt
import json
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from django.http import HttpResponse, StreamingHttpResponse

from core.exports import csv_response as core_csv_response


def _cell(value: Any) -> Any:
    if isinstance(value, bool):
        return "1" if value else "0"
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return format(value, "f")
    return "" if value is None else value


def csv_response(filename: str, columns: list[str], rows: Iterable[dict[str, Any]]) -> StreamingHttpResponse:
    """Open data as CSV through the portal's one CSV writer (core.exports), comma-separated, cacheable."""
    return core_csv_response(
        header=lambda: columns, rows=lambda: ([_cell(row.get(c)) for c in columns] for row in rows),
        filename=f"{filename}.csv", delimiter=",", private=False,
    )


def _json_default(value: Any) -> Any:
    if isinstance(value, (dt.date, dt.datetime)):
        return value.isoformat()
    if isinstance(value, Decimal):
        return float(value)
    return str(value)


def json_response(filename: str, meta: dict[str, Any], columns: list[str],
                  rows: Iterable[dict[str, Any]]) -> HttpResponse:
    body = {**meta, "columns": columns, "rows": [{c: row.get(c) for c in columns} for row in rows]}
    response = HttpResponse(json.dumps(body, ensure_ascii=False, default=_json_default),
                            content_type="application/json; charset=utf-8")
    response["Content-Disposition"] = f'inline; filename="{filename}.json"'
    return response
