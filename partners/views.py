"""Public pages of partners and programmes; the initiative group's and members' actions."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError, message_error
from core.pagination import paginate
from initiatives import permissions as initiative_permissions
from initiatives.models import Initiative

from . import selectors, webhooks
from .forms import (
    ApplicationForm,
    DecisionForm,
    PartnerFilterForm,
    PledgeForm,
    ProgressReportForm,
    WebhookEndpointForm,
    WebhookEventsForm,
)
from .models import Pledge, Programme, ProgrammeApplication, WebhookEndpoint
from .services import pledges as pledge_services
from .services import programmes as programme_services
from .services import reports as report_services
from .services.actor import member_actor


@require_safe
def partner_list(request: HttpRequest) -> HttpResponse:
    form = PartnerFilterForm(request.GET or None)
    partners = selectors.public_partners()
    if form.is_valid():
        data = form.cleaned_data
        if data.get("kind"):
            partners = partners.filter(kind=data["kind"])
        if data.get("district"):
            partners = partners.filter(districts=data["district"])
        if data.get("category"):
            partners = partners.filter(categories=data["category"])
    page = paginate(request, partners.distinct().order_by("name"), 30)
    return render(request, "partners/list.html", {"form": form, "page": page, "partners": page.object_list})


@require_safe
def partner_detail(request: HttpRequest, slug: str) -> HttpResponse:
    partner = selectors.partner_detail(slug)
    if partner is None:
        raise Http404
    return render(request, "partners/detail.html", selectors.partner_page(partner))


@require_safe
def programme_detail(request: HttpRequest, slug: str) -> HttpResponse:
    programme = selectors.programme_page(slug)
    if programme is None:
        raise Http404
    return render(request, "partners/programme.html", {"programme": programme})


def _back_to_initiative(pk: int, anchor: str) -> HttpResponseRedirect:
    return HttpResponseRedirect(reverse("initiatives:detail", args=[pk]) + f"#{anchor}")


def _run(request: HttpRequest, action: Callable[[], Any], success: str) -> None:
    try:
        action()
    except DomainError as exc:
        message_error(request, exc)
    else:
        messages.success(request, success)


@login_required
@require_POST
def pledge_answer(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    pledge = get_object_or_404(Pledge.objects.select_related("initiative"), pk=pk)
    if not initiative_permissions.is_group_member(request.user, pledge.initiative):
        raise Http404
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    if answer == "accept":
        _run(request, lambda: pledge_services.pledge_accept(pledge, user=request.user, reason=reason),
             _("Предложение принято. Партнёр получит уведомление."))
    else:
        _run(request, lambda: pledge_services.pledge_decline(pledge, user=request.user, reason=reason),
             _("Предложение отклонено."))
    return _back_to_initiative(pledge.initiative_id, "pledges")


@login_required
@require_POST
def programme_apply(request: HttpRequest, pk: int, slug: str) -> HttpResponse:
    initiative = get_object_or_404(Initiative, pk=pk)
    if not initiative_permissions.is_group_member(request.user, initiative):
        raise Http404
    programme = get_object_or_404(Programme.objects.public().select_related("partner"), slug=slug)
    form = ApplicationForm(request.POST)
    message = form.cleaned_data["message"] if form.is_valid() else ""
    _run(request, lambda: programme_services.application_submit(programme, initiative, user=request.user,
                                                                  message=message),
         _("Заявка подана. Решение появится в истории инициативы."))
    return _back_to_initiative(initiative.pk, "programmes")


def _member(request: HttpRequest):
    actor = member_actor(request.user)
    if actor is None:
        raise Http404
    return actor


@login_required
@require_safe
def member_home(request: HttpRequest) -> HttpResponse:
    actor = _member(request)
    return _member_page(request, actor.partner)


def _member_page(request: HttpRequest, partner, **extra: Any) -> HttpResponse:
    context = {**selectors.member_home(partner), "webhook_form": WebhookEndpointForm(), **extra}
    response = render(request, "partners/member_home.html", context)
    if "new_secret" in extra:
        response["Cache-Control"] = "no-store"  # the secret is shown once and must not be cached
    return response


@login_required
@require_POST
def member_webhook_add(request: HttpRequest) -> HttpResponse:
    """Register an endpoint; the answer is the members' page showing its secret this one time
    (rendered, not redirected: the secret is never stored in the session or a message)."""
    actor = _member(request)
    form = WebhookEndpointForm(request.POST)
    if form.is_valid():
        try:
            endpoint, secret = webhooks.endpoint_register(actor.partner, url=form.cleaned_data["url"],
                                                          event_types=form.cleaned_data["events"])
        except DomainError as exc:
            form.add_error("url", str(exc))
        else:
            return _member_page(request, actor.partner, new_endpoint=endpoint, new_secret=secret)
    return _member_page(request, actor.partner, webhook_form=form)


@login_required
@require_POST
def member_webhook_events(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk, partner=actor.partner)
    form = WebhookEventsForm(request.POST)
    if form.is_valid():
        _run(request, lambda: webhooks.endpoint_set_events(endpoint, form.cleaned_data["events"]),
             _("События адреса изменены."))
    else:
        messages.error(request, _("Выберите хотя бы одно событие."))
    return HttpResponseRedirect(reverse("partners:member_home") + "#webhooks-heading")


@login_required
@require_POST
def member_webhook_delete(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    endpoint = get_object_or_404(WebhookEndpoint, pk=pk, partner=actor.partner)
    webhooks.endpoint_delete(endpoint)
    messages.success(request, _("Адрес для уведомлений удалён."))
    return HttpResponseRedirect(reverse("partners:member_home") + "#webhooks-heading")


@login_required
@require_POST
def member_pledge(request: HttpRequest, pk: int) -> HttpResponse:
    """A member offers support from the initiative's page."""
    actor = _member(request)
    initiative = get_object_or_404(Initiative.objects.public(), pk=pk)
    form = PledgeForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Проверьте поля предложения: %(errors)s") % {"errors": form.errors.as_text()})
        return _back_to_initiative(pk, "pledges")
    _run(request, lambda: pledge_services.pledge_create(actor, initiative, **form.cleaned_data),
         _("Предложение отправлено инициативной группе."))
    return _back_to_initiative(pk, "pledges")


@login_required
@require_POST
def member_pledge_withdraw(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    pledge = get_object_or_404(Pledge, pk=pk, partner=actor.partner)
    _run(request, lambda: pledge_services.pledge_withdraw(pledge, actor=actor), _("Предложение отозвано."))
    return HttpResponseRedirect(reverse("partners:member_home"))


@login_required
@require_POST
def member_decide(request: HttpRequest, pk: int, answer: str) -> HttpResponse:
    actor = _member(request)
    application = get_object_or_404(ProgrammeApplication, pk=pk, programme__partner=actor.partner)
    form = DecisionForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    _run(request, lambda: programme_services.application_decide(
        application, actor, accept=answer == "accept", reason=reason), _("Решение по заявке сохранено."))
    return HttpResponseRedirect(reverse("partners:member_home"))


@login_required
@require_safe
def member_reports(request: HttpRequest) -> HttpResponse:
    """Resolution items the member's organisation is responsible for, each with a report form."""
    actor = _member(request)
    items = list(actor.partner.resolution_items.select_related("resolution__edition").order_by(
        "resolution__edition__year", "number"))
    forms = [(item, ProgressReportForm(auto_id=f"report{item.pk}_%s")) for item in items]  # unique ids per item
    return render(request, "partners/member_reports.html", {"partner": actor.partner, "items": forms})


@login_required
@require_POST
def member_report_add(request: HttpRequest, pk: int) -> HttpResponse:
    actor = _member(request)
    # Items of other organisations do not exist for this member.
    item = get_object_or_404(actor.partner.resolution_items.all(), pk=pk)
    form = ProgressReportForm(request.POST)
    if form.is_valid():
        _run(request, lambda: report_services.report_add(item, actor, **form.cleaned_data), _("Отчёт добавлен."))
    else:
        messages.error(request, _("Проверьте поля отчёта: %(errors)s") % {"errors": form.errors.as_text()})
    return HttpResponseRedirect(reverse("partners:member_reports") + f"#item-{item.pk}")
