"""Public pages of normative acts and residents' actions on their points.

Pages read through `acts.selectors`; actions are POST-only, need a login, are rate-limited
per user and change state only through `acts.services`. A refusal (discussion closed, no
right) comes back as a `DomainError` and is shown as a message — never a 500.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST, require_safe

from core.errors import DomainError
from core.ratelimit import rate_limited
from initiatives.forms.public import CommentEditForm, CommentForm, CommentReportForm

from . import permissions, selectors, services
from .models import ActPoint, NormativeAct, PointComment

RATE_VOTE = "30/m"
RATE_COMMENT = "10/m"
RATE_REPORT = "20/h"


def _public_act(slug: str) -> NormativeAct:
    act = get_object_or_404(NormativeAct, slug=slug)
    if not act.is_public:
        raise Http404
    return act


def _point_of(act: NormativeAct, point_pk: int) -> ActPoint:
    point = get_object_or_404(ActPoint.objects.select_related("section"), pk=point_pk, act=act)
    point.act = act
    return point


@require_safe
def act_list(request: HttpRequest) -> HttpResponse:
    status = request.GET.get("status") or None
    acts = list(selectors.act_list(status))
    return render(request, "acts/list.html", {
        "acts": acts, "statuses": [(s, NormativeAct.Status(s).label) for s in NormativeAct.PUBLIC_STATUSES],
        "current_status": status,
    })


@require_safe
def act_detail(request: HttpRequest, slug: str) -> HttpResponse:
    act = _public_act(slug)
    return render(request, "acts/detail.html", {
        "act": act,
        "sections": selectors.act_sections(act, user=request.user),
        "history": act.status_changes.all(),
        "has_versions": act.versions.count() == 2,
        "districts": list(act.districts.all()),
    })


def _render_point(request: HttpRequest, act: NormativeAct, point: ActPoint, *, comment_form=None,
                  status: int = 200) -> HttpResponse:
    point_annotated = selectors.points_with_counts(act).get(pk=point.pk)
    my_vote = None
    if request.user.is_authenticated:
        my_vote = point.votes.filter(user=request.user).values_list("value", flat=True).first()
    threads = selectors.point_threads(point)
    for thread in threads:
        thread.reply_form = CommentForm(initial={"parent": thread.comment.pk}, auto_id=f"reply-{thread.comment.pk}-%s")
        for comment in [thread.comment, *thread.replies]:
            comment.report_form = CommentReportForm(auto_id=f"report-{comment.pk}-%s")
            comment.can_edit = comment.editable_by(request.user) and not comment.is_hidden
            if comment.can_edit:
                comment.edit_form = CommentEditForm(initial={"body": comment.body}, auto_id=f"edit-{comment.pk}-%s")
    return render(request, "acts/point.html", {
        "act": act, "point": point_annotated, "section": point.section, "my_vote": my_vote,
        "threads": threads, "comment_form": comment_form or CommentForm(auto_id="comment-%s"),
        "summary": selectors._summary_of(point_annotated) if act.summary_is_published else None,
        "can_take_part": permissions.can_take_part(request.user),
    }, status=status)


@require_safe
def point_detail(request: HttpRequest, slug: str, point_pk: int) -> HttpResponse:
    act = _public_act(slug)
    return _render_point(request, act, _point_of(act, point_pk))


@require_safe
def act_compare(request: HttpRequest, slug: str) -> HttpResponse:
    act = _public_act(slug)
    rows = selectors.version_diff(act)
    if rows is None:
        raise Http404
    return render(request, "acts/compare.html", {"act": act, "rows": rows})


View = Callable[..., HttpResponse]


def resident_action(*, group: str, rate: str) -> Callable[[View], View]:
    """POST-only, login and a per-user rate limit for an action on point ``point_pk`` of act ``slug``."""

    def decorator(view: View) -> View:
        @require_POST
        @wraps(view)
        def wrapped(request: HttpRequest, slug: str, point_pk: int, *args: Any, **kwargs: Any) -> HttpResponse:
            act = _public_act(slug)
            point = _point_of(act, point_pk)
            if not request.user.is_authenticated:
                messages.info(request, _("Войдите, чтобы продолжить."))
                return redirect_to_login(point.get_absolute_url())
            # Fails open for every act action (vote: one per resident per point; comments and
            # reports: residents' changes under moderation), as on the initiative page.
            if rate_limited(request, app="acts", action=group, rate=rate, method="POST", when_store_down="open"):
                return render(request, "initiatives/includes/rate_limited.html",
                              {"back_url": point.get_absolute_url()}, status=429)
            return view(request, point, *args, **kwargs)

        return wrapped

    return decorator


def _back(point: ActPoint, anchor: str = "") -> HttpResponseRedirect:
    return HttpResponseRedirect(point.get_absolute_url() + (f"#{anchor}" if anchor else ""))


def _run(request: HttpRequest, point: ActPoint, action: Callable[[], Any], success: str,
         anchor: str = "") -> HttpResponse:
    try:
        action()
    except DomainError as exc:
        messages.error(request, str(exc))
    else:
        messages.success(request, success)
    return _back(point, anchor)


@resident_action(group="vote", rate=RATE_VOTE)
def vote(request: HttpRequest, point: ActPoint) -> HttpResponse:
    value = request.POST.get("value", "")
    if value == "withdraw":
        return _run(request, point, lambda: services.vote_withdraw(point, user=request.user),
                    _("Ваш голос отозван."), "vote")
    return _run(request, point, lambda: services.vote(point, user=request.user, value=value),
                _("Ваш голос учтён."), "vote")


@resident_action(group="comment", rate=RATE_COMMENT)
def comment_add(request: HttpRequest, point: ActPoint) -> HttpResponse:
    form = CommentForm(request.POST, auto_id="comment-%s")
    if not form.is_valid():
        return _render_point(request, point.act, point, comment_form=form, status=400)
    if form.is_bot():
        messages.error(request, _("Комментарий не опубликован: форма заполнена автоматически."))
        return _back(point, "comments")
    parent = None
    if parent_id := form.cleaned_data["parent"]:
        parent = PointComment.objects.filter(pk=parent_id, point=point).first()
        if parent is None:
            messages.error(request, _("Комментарий, на который вы отвечаете, не найден."))
            return _back(point, "comments")
    try:
        comment = services.comment_add(point, author=request.user, body=form.cleaned_data["body"], parent=parent)
    except DomainError as exc:
        messages.error(request, str(exc))
        return _back(point, "comments")
    messages.success(request, _("Комментарий опубликован."))
    return _back(point, f"comment-{comment.pk}")


def _comment_of(point: ActPoint, comment_pk: int) -> PointComment:
    comment = get_object_or_404(PointComment, pk=comment_pk, point=point)
    comment.point = point
    return comment


@resident_action(group="comment", rate=RATE_COMMENT)
def comment_edit(request: HttpRequest, point: ActPoint, comment_pk: int) -> HttpResponse:
    comment = _comment_of(point, comment_pk)
    form = CommentEditForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Комментарий пуст или слишком длинный."))
        return _back(point, f"comment-{comment.pk}")
    return _run(request, point, lambda: services.comment_edit(comment, actor=request.user,
                                                              body=form.cleaned_data["body"]),
                _("Комментарий исправлен."), f"comment-{comment.pk}")


@resident_action(group="report", rate=RATE_REPORT)
def comment_report(request: HttpRequest, point: ActPoint, comment_pk: int) -> HttpResponse:
    comment = _comment_of(point, comment_pk)
    form = CommentReportForm(request.POST)
    reason = form.cleaned_data["reason"] if form.is_valid() else ""
    return _run(request, point, lambda: services.comment_report(comment, reporter=request.user, reason=reason),
                _("Спасибо, жалоба отправлена модераторам."), f"comment-{comment.pk}")
