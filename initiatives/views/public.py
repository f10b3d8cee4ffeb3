"""Public pages of initiatives (catalogue, map, detail) and residents' actions on them.

Pages read through `initiatives.selectors`; actions are POST-only, need a login, are
rate-limited per user, and change state only through `initiatives.services`. A rule
the service enforces (wrong status, no right, already supported) comes back as an
`DomainError` and is shown as a message on the initiative's page — never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.core.exceptions import ValidationError
from django.core.paginator import Page
from django.db.models import QuerySet
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import get_language
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_safe

from core.caching import cache_for_anonymous
from core.pagination import paginate, with_elided_range
from core.ratelimit import rate_limited
from core.sections_cache import cached_section

from .. import cards, comment_pages, detail_blocks, extensions, permissions, selectors, services
from ..catalogue_cache import CATALOGUE, reference_version
from ..filters import InitiativeFilterSet, MapFilterSet
from ..forms.public import CommentEditForm, CommentForm, CommentReportForm
from ..models import Comment, Initiative
from ..pagination import FastPaginator

View = Callable[..., HttpResponse]

# Per-user limits of residents' actions (django-ratelimit, counted in the shared cache):
# generous for people, tight enough to stop a script from flooding an initiative.
# With the cache down every one of these fails open (core.ratelimit): a support is one per
# resident (database constraint) and following is idempotent, so nothing piles up; comments
# and reports are residents' changes the README promises to keep through a Redis outage,
# honeypot and moderation still apply, and an outage lasts minutes.
RATE_SUPPORT = "30/m"
RATE_FOLLOW = "30/m"
RATE_COMMENT = "10/m"
RATE_REPORT = "20/h"


# Pages -----------------------------------------------------------------------------------


_EMPTY_FORMS: dict[tuple[str, str, str | None], str] = {}


def empty_form_fields(form_class: type, auto_id: str) -> SafeString:
    """An unbound form's fields as HTML, rendered once per process and language.

    Rendering widgets through templates costs milliseconds a page; an unbound form with no
    initial data renders the same every time until the code changes, i.e. until a restart.
    """
    key = (f"{form_class.__module__}.{form_class.__qualname__}", auto_id, get_language())
    html = _EMPTY_FORMS.get(key)
    if html is None:
        html = _EMPTY_FORMS[key] = render_to_string("includes/form_fields.html", {"form": form_class(auto_id=auto_id)})
    return mark_safe(html)  # noqa: S308 - our template, autoescaped


def _filterset(
    request: HttpRequest, filterset_class: type[InitiativeFilterSet] = InitiativeFilterSet
) -> InitiativeFilterSet:
    # Always bound: an empty query string is simply «no filters», and the default order applies.
    return filterset_class(request.GET, queryset=selectors.public_initiatives(), request=request)


def _initiatives_page(request: HttpRequest, queryset: QuerySet[Initiative]) -> Page:
    page = paginate(request, queryset, selectors.PAGE_SIZE, paginator_class=FastPaginator)
    page.object_list = selectors.attach_thumbnail_urls(page.object_list)
    return page


# The list's query string, as InitiativeFilterSet and the paginator read it; any other
# parameter is served but not cached (core.sections_cache).
LIST_PARAMS = ("q", "category", "district", "microdistrict", "status", "national_project", "sort", "page")


@require_safe
@cache_for_anonymous
def initiative_list(request: HttpRequest) -> HttpResponse:
    def results() -> dict[str, Any]:
        filterset = _filterset(request)
        page = _initiatives_page(request, selectors.with_card_data(filterset.qs))
        page.object_list = cards.attach_card_html(page.object_list)
        html = render_to_string(
            "initiatives/includes/list_results.html",
            # The filters' names (categories, districts) are cached under the names' generation.
            {"filter": filterset, "page_obj": page, "reference": reference_version()},
            request=request,
        )
        return {"html": html, "number": page.number, "ids": [row.pk for row in page.object_list]}

    # Filters, count, cards and page links are the same for every reader of this query (and
    # cached until the catalogue changes); only the resident's «Вы поддержали» marks are theirs.
    body = cached_section(request, CATALOGUE, LIST_PARAMS, results, also=("councils",))
    supported = cards.supported_ids_among(request.user, body["ids"])
    return render(request, "initiatives/list.html", {
        "results_html": cards.mark_supported(body["html"], supported), "page_number": body["number"],
    })


@require_safe
@cache_for_anonymous
def initiative_map(request: HttpRequest) -> HttpResponse:
    filterset = _filterset(request, MapFilterSet)
    # The list under the map is the page without JavaScript, and the accessible view with it.
    page = _initiatives_page(request, selectors.with_card_data(filterset.qs))
    query = request.GET.copy()
    query.pop("page", None)
    data_url = reverse("initiatives:map_data") + (f"?{query.urlencode()}" if query else "")
    return render(
        request,
        "initiatives/map.html",
        {"filter": filterset, "page_obj": page, "map_data_url": data_url, "feature_limit": selectors.MAP_FEATURE_LIMIT},
    )


@require_safe
@cache_for_anonymous
def initiative_map_data(request: HttpRequest) -> JsonResponse:
    filterset = _filterset(request, MapFilterSet)
    collection = selectors.map_features(filterset.qs)
    if filterset.errors:
        # The map still answers with what the valid filters select; the errors tell why some were ignored.
        collection["errors"] = {name: [str(e) for e in errors] for name, errors in filterset.errors.items()}
    return JsonResponse(collection, json_dumps_params={"ensure_ascii": False})


def _visible_initiative(request: HttpRequest, pk: int, queryset: QuerySet[Initiative] | None = None) -> Initiative:
    """The initiative if this user may see it; otherwise 404, so an unpublished one does not even exist."""
    initiative = get_object_or_404(queryset if queryset is not None else Initiative.objects.all(), pk=pk)
    if not permissions.can_view(request.user, initiative):
        raise Http404
    return initiative


def _int_param(request: HttpRequest, name: str) -> int | None:
    value = request.GET.get(name, "")
    return int(value) if value.isdigit() and len(value) < 19 else None


def _render_detail(
    request: HttpRequest,
    initiative: Initiative,
    *,
    comment_form: CommentForm | None = None,
    editing: Comment | None = None,
    edit_form: CommentEditForm | None = None,
    status: int = 200,
) -> HttpResponse:
    user = request.user
    # Partners' entries come from an app above (initiatives.extensions).
    extra_timeline = extensions.extra_timeline(initiative)
    parts = detail_blocks.PageParts(initiative, extra_timeline=extra_timeline)
    # Which page of threads: asked for (?comments=N), or the one holding a comment being
    # linked to (?comment=pk from notifications and redirects), edited or replied to.
    reply_to = _int_param(request, "reply")
    report = _int_param(request, "report")
    if comment_form is not None and comment_form.data.get("parent", "").isdigit():
        # A reply that failed validation comes back in its thread, text kept.
        reply_to = int(comment_form.data["parent"])
    focus = editing.pk if editing else (reply_to or _int_param(request, "comment") or report)
    number: Any = request.GET.get("comments")
    if focus is not None:
        number = comment_pages.page_of_comment(initiative, focus) or number
    usual_reading = reply_to is None and report is None and editing is None and comment_form is None
    # The shared blocks, the discussion's counts and (on the usual reading) the page of threads
    # in one round trip.
    parts.fetch(parts.blocks_key, parts.threads_key(user, number) if usual_reading else "")
    parts.attach_counts()

    def shared_context() -> dict[str, Any]:
        context = selectors.shared_detail_context(initiative, extra_timeline)
        context["national_project_url"] = extensions.national_project_url(initiative.national_project)
        return context

    blocks = parts.blocks(shared_context)
    context = selectors.reader_context(initiative, user, blocks["member_ids"])
    context.update(
        blocks=blocks["html"],
        can_reply=user.is_authenticated and initiative.is_public,
        comment_form=comment_form or CommentForm(auto_id="comment-%s"),
        # The empty form is the same for every reader in one language (the CSRF token is outside it).
        empty_comment_fields=empty_form_fields(CommentForm, "comment-%s"),
        share_url=request.build_absolute_uri(initiative.get_absolute_url()),
        login_url=f"{reverse('account_login')}?next={initiative.get_absolute_url()}",
    )

    def threads_html() -> tuple[str, set[int]]:
        nonlocal comment_form
        page_number = comment_pages.page_number(initiative, number)
        threads_page, threads = comment_pages.thread_page(initiative, user, page_number)
        comment_pages.attach_comment_html(threads, initiative)
        # One reply form and at most one report form on the page, placed where the resident
        # asked for it by a plain link (no JavaScript needed), instead of one of each per comment.
        reply_form = None
        if user.is_authenticated and any(t.comment.pk == reply_to for t in threads):
            reply_form = comment_form if comment_form is not None and comment_form.data.get("parent") else (
                CommentForm(initial={"parent": reply_to}, auto_id="reply-%s")
            )
            comment_form = None
            context["comment_form"] = CommentForm(auto_id="comment-%s")
        for thread in threads:
            for comment in [thread.comment, *thread.replies]:
                if comment.pk == report and comment.can_report:
                    comment.report_form = CommentReportForm(auto_id=f"report-{comment.pk}-%s")
        if not threads:
            return "", set()
        with_elided_range(threads_page)
        html = render_to_string(comment_pages.THREADS_TEMPLATE, {
            **context, "threads": threads, "threads_page": threads_page,
            "reply_to": reply_to if reply_form else None, "reply_form": reply_form,
            "editing_id": editing.pk if editing else None, "edit_form": edit_form,
        }, request=request)
        authors = {c.author_id for t in threads for c in (t.comment, *t.replies)}
        return html, authors

    if usual_reading:
        # The same for every visitor, or every resident without a comment of their own on the
        # page (initiatives.detail_blocks).
        context["threads_html"] = parts.threads(user, number, threads_html)
    else:
        context["threads_html"] = mark_safe(threads_html()[0])  # noqa: S308 - our template, autoescaped
    # Panels of apps above initiatives (partners' pledges and programmes), see initiatives.extensions.
    context["extension_panels"] = extensions.detail_panels(request, initiative, context)
    return render(request, "initiatives/detail.html", context, status=status)


@require_safe
@cache_for_anonymous
def initiative_detail(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk, selectors.initiative_detail_queryset(request.user))
    return _render_detail(request, initiative)


# Actions ---------------------------------------------------------------------------------


def _back(pk: int, anchor: str = "") -> HttpResponseRedirect:
    if anchor.startswith("comment-") and anchor[len("comment-"):].isdigit():
        return _back_to_comment(pk, int(anchor[len("comment-"):]))
    return HttpResponseRedirect(reverse("initiatives:detail", args=[pk]) + (f"#{anchor}" if anchor else ""))


def _back_to_comment(pk: int, comment_pk: int) -> HttpResponseRedirect:
    # ?comment= opens the page of threads that holds the comment.
    return HttpResponseRedirect(f"{reverse('initiatives:detail', args=[pk])}?comment={comment_pk}#comment-{comment_pk}")


def resident_action(*, group: str, rate: str, methods: tuple[str, ...] = ("POST",)) -> Callable[[View], View]:
    """POST-only (or the given methods), login and a per-user rate limit for an action on initiative ``pk``.

    An anonymous visitor is sent to the login page and back to the initiative — not to
    the action URL, which answers only POST. Only POSTs count towards the limit, so
    opening an edit form never uses up the resident's comments.
    """

    def decorator(view: View) -> View:
        @require_http_methods(list(methods))
        @wraps(view)
        def wrapped(request: HttpRequest, pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
            if not request.user.is_authenticated:
                messages.info(request, _("Войдите, чтобы продолжить."))
                return redirect_to_login(reverse("initiatives:detail", args=[pk]))
            if rate_limited(
                request, app="initiatives", action=group, rate=rate, method="POST", when_store_down="open"
            ):
                return render(
                    request, "initiatives/includes/rate_limited.html",
                    {"back_url": reverse("initiatives:detail", args=[pk])}, status=429,
                )
            return view(request, pk, *args, **kwargs)

        return wrapped

    return decorator


def _run(request: HttpRequest, pk: int, action: Callable[[], Any], success: str, anchor: str = "") -> HttpResponse:
    """Call a service; its refusal becomes an error message on the initiative's page."""
    try:
        action()
    except services.DomainError as exc:
        messages.error(request, str(exc))
    except ValidationError as exc:
        messages.error(request, " ".join(exc.messages))
    else:
        messages.success(request, success)
    return _back(pk, anchor)


@resident_action(group="support", rate=RATE_SUPPORT)
def support(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    return _run(
        request, pk, lambda: services.support_add(initiative, user=request.user),
        _("Спасибо! Ваша поддержка учтена. Мы сообщим вам новости этой инициативы."), "support",
    )


@resident_action(group="support", rate=RATE_SUPPORT)
def unsupport(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    return _run(
        request, pk, lambda: services.support_withdraw(initiative, user=request.user),
        _("Ваша поддержка отозвана."), "support",
    )


@resident_action(group="follow", rate=RATE_FOLLOW)
def follow(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    return _run(
        request, pk, lambda: services.follow(initiative, user=request.user),
        _("Вы подписались на новости инициативы."), "support",
    )


@resident_action(group="follow", rate=RATE_FOLLOW)
def unfollow(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    return _run(
        request, pk, lambda: services.unfollow(initiative, user=request.user),
        _("Вы отписались от новостей инициативы."), "support",
    )


@resident_action(group="comment", rate=RATE_COMMENT)
def comment_add(request: HttpRequest, pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    form = CommentForm(request.POST, auto_id="comment-%s")
    if not form.is_valid():
        # Re-render with the text kept: a resident typing on a phone should not lose it.
        detailed = _visible_initiative(request, pk, selectors.initiative_detail_queryset(request.user))
        return _render_detail(request, detailed, comment_form=form, status=400)
    if form.is_bot():
        messages.error(request, _("Комментарий не опубликован: форма заполнена автоматически."))
        return _back(pk, "comments")
    parent = None
    if parent_id := form.cleaned_data["parent"]:
        parent = Comment.objects.filter(pk=parent_id, initiative=initiative).first()
        if parent is None:
            messages.error(request, _("Комментарий, на который вы отвечаете, не найден."))
            return _back(pk, "comments")
    try:
        comment = services.comment_add(initiative, author=request.user, body=form.cleaned_data["body"], parent=parent)
    except services.DomainError as exc:
        messages.error(request, str(exc))
        return _back(pk, "comments")
    messages.success(request, _("Комментарий опубликован."))
    return _back_to_comment(pk, comment.pk)


def _comment_of(initiative: Initiative, comment_pk: int) -> Comment:
    comment = get_object_or_404(Comment, pk=comment_pk, initiative=initiative)
    # Services read comment.initiative (moderator checks); reuse the row already loaded.
    comment.initiative = initiative
    return comment


@resident_action(group="comment", rate=RATE_COMMENT, methods=("GET", "HEAD", "POST"))
def comment_edit(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    """GET shows the page with this comment as a form in its place; POST saves through the service."""
    initiative = _visible_initiative(request, pk)
    comment = _comment_of(initiative, comment_pk)
    if comment.author_id != request.user.pk or comment.is_hidden or not comment.editable_by(request.user):
        messages.error(request, _("Править можно только свой комментарий и только 15 минут после публикации."))
        return _back(pk, f"comment-{comment.pk}")
    if request.method == "POST":
        form = CommentEditForm(request.POST, auto_id="edit-%s")
        if form.is_valid():
            return _run(
                request, pk, lambda: services.comment_edit(comment, actor=request.user, body=form.cleaned_data["body"]),
                _("Комментарий исправлен."), f"comment-{comment.pk}",
            )
        status = 400
    else:
        form, status = CommentEditForm(initial={"body": comment.body}, auto_id="edit-%s"), 200
    detailed = _visible_initiative(request, pk, selectors.initiative_detail_queryset(request.user))
    return _render_detail(request, detailed, editing=comment, edit_form=form, status=status)


@resident_action(group="report", rate=RATE_REPORT)
def comment_report(request: HttpRequest, pk: int, comment_pk: int) -> HttpResponse:
    initiative = _visible_initiative(request, pk)
    comment = _comment_of(initiative, comment_pk)
    form = CommentReportForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _run(
        request, pk, lambda: services.comment_report(comment, reporter=request.user, reason=reason),
        _("Спасибо, жалоба отправлена модераторам."), f"comment-{comment.pk}",
    )
