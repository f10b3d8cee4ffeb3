"""CSV exports for staff (they open in Excel as is), and the admin mixin that offers them.

UTF-8 with a byte-order mark and `;` as the delimiter, as Excel in a Russian
locale expects. Rows are streamed, so a city-wide export is never built in
memory, and rendered in the language of the request that asked for them. Cells
people typed go through `safe_cell` against formula injection.
"""

from __future__ import annotations

import csv
from collections.abc import Callable, Iterable
from typing import Any

from django.conf import settings
from django.contrib import admin
from django.contrib.admin.options import IncorrectLookupParameters
from django.contrib.admin.views.main import PAGE_VAR
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect, StreamingHttpResponse
from django.urls import path, reverse
from django.utils import translation

# Excel treats a cell starting with these as a formula (CSV injection).
_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def safe_cell(value: Any) -> Any:
    if isinstance(value, str) and value.startswith(_FORMULA_START):
        return "'" + value
    return value


class _Echo:
    """A file-like object whose write returns the line, for csv.writer in a generator."""

    def write(self, value: str) -> str:
        return value


def _stream(
    header: Callable[[], list[str]], rows: Callable[[], Iterable[list[Any]]], language: str, delimiter: str,
) -> Iterable[str]:
    writer = csv.writer(_Echo(), delimiter=delimiter, quoting=csv.QUOTE_MINIMAL, lineterminator="\r\n")
    # The response is iterated after the view has returned: keep the request's language.
    with translation.override(language):
        yield "\ufeff"
        yield writer.writerow(header())
        for row in rows():
            yield writer.writerow(row)


def csv_response(
    *, header: Callable[[], list[str]], rows: Callable[[], Iterable[list[Any]]], filename: str,
    delimiter: str = ";", private: bool = True,
) -> StreamingHttpResponse:
    """A streamed CSV download; `header()` and `rows()` are called while streaming, in the request's language.

    Staff exports use `;` for Excel in a Russian locale and are never stored by caches
    (`private`); open data (stats) uses `,` as machine readers expect.
    """
    response = StreamingHttpResponse(
        _stream(header, rows, translation.get_language() or settings.LANGUAGE_CODE, delimiter),
        content_type="text/csv; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    if private:
        response["Cache-Control"] = "no-store"
    return response


class CsvExportAdminMixin(admin.ModelAdmin):
    """«Export» of the whole changelist as currently filtered and searched, at <changelist>/export.csv.

    The changelist template gets `export_url` (same query string, every page).
    Subclasses implement `export_response(request, queryset)`.
    """

    def export_response(self, request: HttpRequest, queryset: QuerySet) -> HttpResponse:
        raise NotImplementedError

    def _export_url_name(self) -> str:
        return f"{self.opts.app_label}_{self.opts.model_name}_export"

    def get_urls(self) -> list[Any]:
        return [
            path("export.csv", self.admin_site.admin_view(self.export_view), name=self._export_url_name()),
            *super().get_urls(),
        ]

    def export_view(self, request: HttpRequest) -> HttpResponse:
        if not self.has_view_permission(request):
            raise PermissionDenied
        try:
            changelist = self.get_changelist_instance(request)
        except IncorrectLookupParameters:
            changelist_url = reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_changelist")
            return HttpResponseRedirect(changelist_url + "?e=1")
        return self.export_response(request, changelist.queryset)

    def changelist_view(self, request: HttpRequest, extra_context: dict[str, Any] | None = None) -> HttpResponse:
        extra_context = extra_context or {}
        if self.has_view_permission(request):
            # Same filters, search and ordering; every page, so no page number.
            params = request.GET.copy()
            params.pop(PAGE_VAR, None)
            query = params.urlencode()
            extra_context["export_url"] = reverse(f"admin:{self._export_url_name()}") + (f"?{query}" if query else "")
        return super().changelist_view(request, extra_context)
