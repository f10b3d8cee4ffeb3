"""The best-practices library, a case's page and «Повторить практику»."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.pagination import paginate
from core.ratelimit import rate_limited
from initiatives.models import Initiative

from . import selectors, services
from .forms import LibraryFilterForm
from .models import PracticeCase

PAGE_SIZE = 12
RATE_REPEAT = "10/h"


@require_safe
def library(request: HttpRequest) -> HttpResponse:
    form = LibraryFilterForm(request.GET or None, years=selectors.available_years())
    filters = form.cleaned_data if form.is_bound and form.is_valid() else {}
    practices = selectors.library(filters)
    page = paginate(request, practices, PAGE_SIZE)
    return render(request, "practices/library.html", {"form": form, "page_obj": page, "total": len(practices)})


@require_safe
def case_detail(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_object_or_404(PracticeCase.objects.published().select_related("category", "district",
                                                                             "national_project", "microdistrict"),
                             slug=slug)
    return render(request, "practices/case.html", {"case": case, "repeat_count": case.repeats.count()})


def _repeat(request: HttpRequest, back: str, action) -> HttpResponse:
    if not request.user.is_authenticated:
        messages.info(request, _("Войдите, чтобы начать инициативу по примеру практики."))
        return redirect_to_login(back)
    # Fails open: «repeat» starts a private draft, like creating one.
    if rate_limited(request, app="practices", action="repeat", rate=RATE_REPEAT, method="POST", when_store_down="open"):
        messages.error(request, _("Слишком много новых черновиков подряд. Попробуйте позже."))
        return HttpResponseRedirect(back)
    try:
        initiative = action()
    except DomainError as exc:
        messages.error(request, str(exc))
        return HttpResponseRedirect(back)
    messages.success(request, _("Черновик инициативы создан по примеру практики. Расскажите, что и где вы хотите "
                                "сделать, и отправьте на модерацию."))
    return HttpResponseRedirect(reverse("initiatives:edit", args=[initiative.pk]))


@require_POST
def repeat_case(request: HttpRequest, slug: str) -> HttpResponse:
    case = get_object_or_404(PracticeCase.objects.published(), slug=slug)
    return _repeat(request, case.get_absolute_url(), lambda: services.repeat_case(case, user=request.user))


@require_POST
def repeat_initiative(request: HttpRequest, pk: int) -> HttpResponse:
    source = get_object_or_404(Initiative.objects.public(), pk=pk)
    return _repeat(request, source.get_absolute_url(),
                   lambda: services.repeat_initiative(source, user=request.user))
