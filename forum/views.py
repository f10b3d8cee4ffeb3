"""Pages of the annual forum: programme, registration, check-in, resolution, topics, calendars.

Views check rights, pick a selector or call a service, and render; services
check rights again on locked rows, so a view is never the only guard.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST, require_safe

from core.pagination import paginate
from core.ratelimit import rate_limited
from core.sections_cache import cached_section
from initiatives.catalogue_cache import CATALOGUE

from . import permissions, selectors, services
from .forms import CheckinSearchForm, ProgressReportForm, RegistrationForm, TopicForm
from .ics import build_calendar
from .models import Registration, Topic


def _safe_next(request: HttpRequest, default: str) -> str:
    target = request.POST.get("next") or ""
    if url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}, require_https=request.is_secure()):
        return target
    return default


@require_safe
def current(request: HttpRequest) -> HttpResponse:
    edition = selectors.current_edition()
    if edition is None:
        return render(request, "forum/no_edition.html")
    return redirect(edition)


@require_safe
def edition_detail(request: HttpRequest, year: int) -> HttpResponse:
    edition = selectors.edition_by_year(year)
    return render(request, "forum/edition.html", selectors.edition_context(edition, request.user))


@require_safe
def programme_ics(request: HttpRequest, year: int) -> HttpResponse:
    edition = selectors.edition_by_year(year)
    name = _("Форум %(year)s: программа") % {"year": year}
    response = HttpResponse(
        build_calendar(edition, selectors.calendar_sections(edition), name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="forum-{year}.ics"'
    return response


@login_required
@never_cache
@require_safe
def my_ics(request: HttpRequest, year: int) -> HttpResponse:
    edition = selectors.edition_by_year(year)
    name = _("Форум %(year)s: мои площадки") % {"year": year}
    response = HttpResponse(
        build_calendar(edition, selectors.my_calendar_sections(edition, request.user), name=name),
        content_type="text/calendar; charset=utf-8",
    )
    response["Content-Disposition"] = f'attachment; filename="forum-{year}-my.ics"'
    return response


@login_required
@require_http_methods(["GET", "POST"])
def register(request: HttpRequest, year: int) -> HttpResponse:
    edition = selectors.edition_by_year(year)
    existing = selectors.active_registration(edition, request.user)
    if existing is not None:
        messages.info(request, _("Вы уже зарегистрированы на этот форум."))
        return redirect("forum:my_registrations")
    context = {"edition": edition, "seats_left": max(0, edition.capacity - selectors.edition_seats_taken(edition))}
    if not edition.is_registration_open:
        context["closed_message"] = services.registration_closed_message(edition)
        return render(request, "forum/register.html", context)
    form = RegistrationForm(request.POST or None, sections=selectors.registration_sections(edition))
    if request.method == "POST" and form.is_valid():
        try:
            registration = services.registration_create(
                edition=edition, user=request.user, full_name=form.cleaned_data["full_name"],
                participant_type=form.cleaned_data["participant_type"],
                organisation=form.cleaned_data["organisation"], sections=form.cleaned_data["sections"],
                consent=form.cleaned_data["consent"],
            )
        except services.RegistrationClosed as exc:
            context["closed_message"] = str(exc)
            return render(request, "forum/register.html", context)
        except services.AlreadyRegistered as exc:
            messages.info(request, str(exc))
            return redirect("forum:my_registrations")
        except services.DomainError as exc:
            form.add_error(None, str(exc))
        else:
            if registration.status == Registration.Status.CONFIRMED:
                messages.success(
                    request,
                    _("Вы зарегистрированы. Ваш код для входа: %(code)s. Мы отправили письмо с подробностями.")
                    % {"code": registration.display_code},
                )
            else:
                messages.warning(
                    request,
                    _("Все места заняты, вы в листе ожидания. Если место освободится, мы сразу напишем вам."),
                )
            return redirect("forum:my_registrations")
    context["form"] = form
    return render(request, "forum/register.html", context)


@login_required
@never_cache
@require_safe
def my_registrations(request: HttpRequest) -> HttpResponse:
    return render(
        request, "forum/my_registrations.html", {"registrations": selectors.my_registrations(request.user)}
    )


@login_required
@require_POST
def registration_cancel(request: HttpRequest, pk: int) -> HttpResponse:
    registration = get_object_or_404(Registration.objects.select_related("edition"), pk=pk)
    if not permissions.can_manage_registration(request.user, registration):
        # Not 403: whether someone else's registration exists is nobody else's business.
        raise Http404
    try:
        services.registration_cancel(registration, actor=request.user)
    except services.DomainError as exc:
        messages.error(request, str(exc))
    else:
        if registration.user_id == request.user.pk:
            messages.success(request, _("Участие отменено. Спасибо, что предупредили: место перейдёт другому."))
        else:
            messages.success(request, _("Регистрация «%(name)s» отменена.") % {"name": registration.full_name})
    return redirect(_safe_next(request, reverse("forum:my_registrations")))


def _require_forum_staff(request: HttpRequest) -> None:
    if not permissions.is_forum_staff(request.user):
        raise PermissionDenied


@login_required
@never_cache
@require_safe
def checkin(request: HttpRequest, year: int) -> HttpResponse:
    _require_forum_staff(request)
    edition = selectors.edition_by_year(year)
    form = CheckinSearchForm(request.GET or None)
    query = form.cleaned_data["q"] if form.is_valid() else ""
    page = paginate(request, selectors.checkin_registrations(edition, query), selectors.CHECKIN_PAGE_SIZE)
    return render(
        request,
        "forum/checkin.html",
        {
            "edition": edition, "form": form, "query": query, "page_obj": page,
            "totals": selectors.checkin_totals(edition),
            "checkin_open": edition.status in edition.CHECKIN_STATUSES,
        },
    )


@login_required
@require_POST
def checkin_mark(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    _require_forum_staff(request)
    registration = get_object_or_404(Registration, pk=pk, edition__year=year)
    try:
        services.registration_mark_attended(registration, actor=request.user)
    except services.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(
            request,
            _("%(name)s отмечен(а): %(code)s.") % {"name": registration.full_name, "code": registration.display_code},
        )
    return redirect(_safe_next(request, reverse("forum:checkin", args=[year])))


@require_safe
def resolution(request: HttpRequest, year: int) -> HttpResponse:
    user = request.user

    def body() -> str:
        context = selectors.resolution_context(selectors.edition_by_year(year), user)
        return render_to_string("forum/includes/resolution_body.html", {**context, "user": user})

    if permissions.may_report_on_any(user):
        # Council members and staff see «Добавить отчёт» on their items: their own page.
        html = body()
    else:
        # Everybody else reads the same page: cached until the resolution, the councils or the
        # initiatives linked from it change (their catalogue's generation moves with any of them).
        html = cached_section(
            request, selectors.RESOLUTION_GENERATION, (), body, also=("councils", CATALOGUE),
            variant="resident" if user.is_authenticated else "visitor",
        )
    return render(request, "forum/resolution.html", {"year": year, "body_html": mark_safe(html)})  # noqa: S308


@login_required
@require_http_methods(["GET", "POST"])
def report_add(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    item = selectors.resolution_item(year, pk)
    if not permissions.can_report_on(request.user, item):
        raise PermissionDenied
    form = ProgressReportForm(request.POST or None, request.FILES or None, item=item)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            services.progress_report_add(
                item, author=request.user, text=data["text"], reported_on=data["reported_on"],
                evidence_url=data["evidence_url"], evidence_file=data["evidence_file"],
                new_status=data["new_status"], new_percent=data["new_percent"],
            )
        except services.DomainError as exc:
            form.add_error(None, str(exc))
        else:
            messages.success(request, _("Отчёт по пункту %(n)d опубликован.") % {"n": item.number})
            return redirect(f"{reverse('forum:resolution', args=[year])}#item-{item.number}")
    return render(request, "forum/report_form.html", {"item": item, "edition": item.resolution.edition, "form": form})


@require_http_methods(["GET", "POST"])
def topics(request: HttpRequest, year: int) -> HttpResponse:
    edition = selectors.edition_by_year(year)
    form = None
    if edition.is_upcoming and request.user.is_authenticated:
        form = TopicForm(request.POST or None)
    if request.method == "POST":
        if not request.user.is_authenticated:
            return redirect(f"{reverse('account_login')}?next={request.path}")
        if form is None:
            messages.error(request, _("Темы принимаются только для предстоящего форума."))
            return redirect("forum:topics", year=year)
        # Fails open: a proposed topic is a resident's change that moderators can hide.
        if form.is_valid() and rate_limited(
            request, app="forum", action="topic-propose", rate="5/h", method="POST", when_store_down="open"
        ):
            form.add_error(None, _("Слишком много новых тем за час. Попробуйте позже."))
        elif form.is_valid():
            try:
                services.topic_propose(
                    edition=edition, author=request.user, title=form.cleaned_data["title"],
                    description=form.cleaned_data["description"],
                )
            except services.DomainError as exc:
                form.add_error(None, str(exc))
            else:
                messages.success(request, _("Спасибо! Тема опубликована — пусть её поддержат другие жители."))
                return redirect("forum:topics", year=year)
    page = paginate(request, selectors.topics(edition, request.user), selectors.TOPICS_PAGE_SIZE)
    return render(request, "forum/topics.html", {"edition": edition, "form": form, "page_obj": page})


def _topic(year: int, pk: int) -> Topic:
    return get_object_or_404(Topic, pk=pk, edition__year=year)


@login_required
@require_POST
def topic_support(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    topic = _topic(year, pk)
    # Fails open: a topic's support is one per resident.
    if rate_limited(request, app="forum", action="topic-support", rate="30/m", method="POST", when_store_down="open"):
        messages.error(request, _("Слишком много действий подряд. Попробуйте через минуту."))
        return redirect(f"{reverse('forum:topics', args=[year])}#topic-{topic.pk}")
    try:
        services.topic_support(topic, user=request.user)
    except services.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Вы поддержали тему «%(title)s».") % {"title": topic.title})
    return redirect(f"{reverse('forum:topics', args=[year])}#topic-{topic.pk}")


@login_required
@require_POST
def topic_unsupport(request: HttpRequest, year: int, pk: int) -> HttpResponse:
    topic = _topic(year, pk)
    try:
        services.topic_unsupport(topic, user=request.user)
    except services.DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, _("Поддержка темы «%(title)s» отозвана.") % {"title": topic.title})
    return redirect(f"{reverse('forum:topics', args=[year])}#topic-{topic.pk}")
