"""One page of a list, the way every public list shows it."""

from __future__ import annotations

from django.core.paginator import Page, Paginator
from django.http import HttpRequest


def paginate(request: HttpRequest, object_list, per_page: int, *, paginator_class: type[Paginator] = Paginator) -> Page:
    """The page named by ?page=, with `elided_range` for templates/includes/pagination.html.

    get_page turns a missing, bad or too large page number into a real page instead of a 404.
    Templates cannot call a method with arguments, so the short page list is prepared here.
    """
    return with_elided_range(paginator_class(object_list, per_page).get_page(request.GET.get("page")))


def with_elided_range(page: Page) -> Page:
    """Attach the short list of page numbers («1 … 4 5 6 … 20») the pagination include shows."""
    page.elided_range = list(page.paginator.get_elided_page_range(page.number, on_each_side=1, on_ends=1))
    return page
