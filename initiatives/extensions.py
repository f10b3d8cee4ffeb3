"""Extension points of the initiative page, filled by apps above initiatives.

Apps that build on initiatives (partners, for instance) must not be imported from
here; they register a panel for the detail page or a source of timeline entries in
their AppConfig.ready(), and the initiative page shows what they return.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from django.http import HttpRequest

    from .models import Initiative
    from .selectors import TimelineEntry

# panel(request, initiative, context) -> HTML (already escaped) or "" to show nothing.
DetailPanel = Callable[["HttpRequest", "Initiative", dict[str, Any]], str]
# source(initiative) -> entries to merge into the public timeline by date.
TimelineSource = Callable[["Initiative"], Iterable["TimelineEntry"]]

# data(initiative) -> JSON-able value of a named field of the API's initiative detail.
ApiDetailData = Callable[["Initiative"], Any]

_detail_panels: list[DetailPanel] = []
_api_detail_data: dict[str, ApiDetailData] = {}
_timeline_sources: list[TimelineSource] = []


def register_detail_panel(panel: DetailPanel) -> None:
    if panel not in _detail_panels:
        _detail_panels.append(panel)


def register_timeline_source(source: TimelineSource) -> None:
    if source not in _timeline_sources:
        _timeline_sources.append(source)


def detail_panels(request: HttpRequest, initiative: Initiative, context: dict[str, Any]) -> list[str]:
    return [html for panel in _detail_panels if (html := panel(request, initiative, context))]


def extra_timeline(initiative: Initiative) -> list[TimelineEntry]:
    return [entry for source in _timeline_sources for entry in source(initiative)]


def register_api_detail_data(name: str, data: ApiDetailData) -> None:
    _api_detail_data[name] = data


def api_detail_data(name: str, initiative: Initiative) -> Any:
    data = _api_detail_data.get(name)
    return data(initiative) if data is not None else []


# url(national_project) -> the page of a national project, if an app above provides one (stats does).
NationalProjectUrl = Callable[[Any], str]
_national_project_url: list[NationalProjectUrl] = []


def register_national_project_url(url: NationalProjectUrl) -> None:
    _national_project_url[:] = [url]


def national_project_url(project: Any) -> str:
    """The national project's page for the initiative page's tag; "" when no app provides one."""
    if project is None or not _national_project_url:
        return ""
    return _national_project_url[0](project)
