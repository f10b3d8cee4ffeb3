"""Public pages of the registry: districts, microdistricts, councils, TOS and the finder.

Reads live in selectors; views pick a selector, validate the query string and render.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import FileResponse, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.utils import timezone
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import cache_control
from django.views.decorators.http import require_safe

from core.pagination import paginate
from core.sections_cache import cached_section
from core.storage import private_file_response

from . import sections, selectors
from .forms import CouncilFilterForm, FinderForm, TOSFilterForm


@require_safe
def district_detail(request: HttpRequest, slug: str) -> HttpResponse:
    district = get_object_or_404(selectors.district_detail_queryset(), slug=slug)
    return render(request, "councils/district_detail.html", selectors.district_context(district))


@require_safe
def microdistrict_detail(request: HttpRequest, slug: str) -> HttpResponse:
    microdistrict = get_object_or_404(selectors.microdistrict_detail_queryset(), slug=slug)
    context = selectors.microdistrict_context(microdistrict)
    context["sections"] = sections.render(sections.MICRODISTRICT, request, microdistrict)
    return render(request, "councils/microdistrict_detail.html", context)


COUNCIL_LIST_PARAMS = ("q", "kind", "district", "microdistrict", "page")


@require_safe
def council_list(request: HttpRequest) -> HttpResponse:
    form = CouncilFilterForm(request.GET or None)

    def results() -> tuple[str, int]:
        page = paginate(request, selectors.council_list(form.valid_filters()), selectors.PAGE_SIZE)
        html = render_to_string("councils/includes/council_results.html", {"page_obj": page}, request=request)
        return html, page.number

    # The same for every visitor: cached until a council changes (councils.apps bumps the generation).
    html, number = cached_section(request, "councils", COUNCIL_LIST_PARAMS, results)
    return render(request, "councils/council_list.html",
                  {"form": form, "results_html": mark_safe(html), "page_number": number})  # noqa: S308


@require_safe
def council_detail(request: HttpRequest, slug: str) -> HttpResponse:
    council = get_object_or_404(selectors.council_detail_queryset(), slug=slug)
    return render(
        request,
        "councils/council_detail.html",
        {"council": council, "sections": sections.render(sections.COUNCIL, request, council)},
    )


@require_safe
# Minutes can be unpublished again; no cache may keep serving them after that.
@cache_control(private=True, no_cache=True)
def meeting_minutes(request: HttpRequest, slug: str, pk: int) -> FileResponse:
    meeting = get_object_or_404(selectors.published_minutes(slug, pk))
    held_on = timezone.localdate(meeting.held_at)
    # Streamed from the private storage (disk or bucket); a lost file is a 404.
    return private_file_response(
        meeting.minutes_file,
        content_type="application/pdf",
        filename=f"protokol-{meeting.council.slug}-{held_on:%Y-%m-%d}.pdf",
    )


@require_safe
def tos_list(request: HttpRequest) -> HttpResponse:
    form = TOSFilterForm(request.GET or None)
    tos = selectors.tos_list(form.valid_filters())
    page = paginate(request, tos, selectors.PAGE_SIZE)
    return render(request, "councils/tos_list.html", {"form": form, "page_obj": page})


@require_safe
def tos_detail(request: HttpRequest, slug: str) -> HttpResponse:
    tos = get_object_or_404(selectors.tos_detail_queryset(), slug=slug)
    # A reverse one-to-one raises when absent; hasattr turns that into «no council».
    council = tos.council if hasattr(tos, "council") else None
    return render(
        request,
        "councils/tos_detail.html",
        {"tos": tos, "council": council, "sections": sections.render(sections.TOS, request, tos)},
    )


@require_safe
def finder(request: HttpRequest) -> HttpResponse:
    form = FinderForm(request.GET or None)
    lookup = None
    if form.is_valid():
        if slug := form.cleaned_data["microdistrict"]:
            return redirect("councils:microdistrict", slug=slug)
        lookup = selectors.find_address(form.cleaned_data["q"])
        if lookup.building is not None:
            messages.success(
                request,
                _("Адрес «%(address)s» относится к микрорайону «%(microdistrict)s».")
                % {"address": lookup.building, "microdistrict": lookup.building.microdistrict},
            )
            return redirect(lookup.building.microdistrict)
    home_microdistrict = None
    if request.user.is_authenticated and request.user.home_microdistrict_id:
        home_microdistrict = request.user.home_microdistrict
    return render(
        request,
        "councils/finder.html",
        {"form": form, "lookup": lookup, "home_microdistrict": home_microdistrict},
    )
