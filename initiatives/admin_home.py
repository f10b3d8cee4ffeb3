"""The initiatives' queues on the moderator's home (core.admin_home): what waits for this user."""

from __future__ import annotations

import datetime as dt

from django.contrib import admin
from django.db.models import Exists, Max, OuterRef, Q
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from core.admin_home import Queue, QueueItem, register_queue

from . import permissions
from .models import Comment, Initiative, OfficialResponse

S = Initiative.Status
QUEUE_ITEMS = 5
# An initiative under consideration this long without an official answer is overdue.
ANSWER_DAYS = 30


def _waiting(since: dt.datetime | None) -> str:
    if since is None:
        return ""
    days = (timezone.now() - since).days
    if days == 0:
        return _("с сегодняшнего дня")
    return ngettext("ждёт %(days)s день", "ждёт %(days)s дней", days) % {"days": days}


def _change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def _model_admin(model):
    return admin.site._registry.get(model)


def moderation_queue(request: HttpRequest) -> Queue | None:
    model_admin = _model_admin(Initiative)
    if model_admin is None or not request.user.has_perm("initiatives.change_initiative"):
        return None
    queryset = model_admin.get_queryset(request).filter(status=S.MODERATION).order_by("submitted_at", "pk")
    oldest = list(queryset[:QUEUE_ITEMS])
    return Queue(
        label=_("Инициативы на модерации"),
        count=queryset.count(),
        url=reverse("admin:initiatives_initiative_changelist") + f"?status={S.MODERATION}",
        items=[QueueItem(i.title, _change_url(i), _waiting(i.submitted_at)) for i in oldest],
    )


def reported_comments_queue(request: HttpRequest) -> Queue | None:
    model_admin = _model_admin(Comment)
    if model_admin is None or not request.user.has_perm("initiatives.change_comment"):
        return None
    queryset = model_admin.get_queryset(request).filter(awaiting_moderation=True).order_by("created_at", "pk")
    oldest = list(queryset.select_related("initiative")[:QUEUE_ITEMS])
    return Queue(
        label=_("Комментарии с жалобами"),
        count=queryset.count(),
        url=reverse("admin:initiatives_comment_changelist") + "?awaiting_moderation__exact=1",
        items=[
            QueueItem(f"{c.initiative.title}: {c.body[:60]}", _change_url(c), _waiting(c.created_at)) for c in oldest
        ],
    )


def overdue_answers_queue(request: HttpRequest) -> Queue | None:
    """Under consideration for more than ANSWER_DAYS with no official answer, where this user may answer."""
    model_admin = _model_admin(Initiative)
    if model_admin is None or not request.user.has_perm("initiatives.add_officialresponse"):
        return None
    since = timezone.now() - dt.timedelta(days=ANSWER_DAYS)
    queryset = (
        model_admin.get_queryset(request)
        .filter(status=S.CONSIDERATION)
        .annotate(
            considered_at=Max("status_changes__created_at", filter=Q(status_changes__to_status=S.CONSIDERATION))
        )
        .filter(considered_at__lt=since)
        .exclude(Exists(OfficialResponse.objects.filter(initiative=OuterRef("pk"))))
        .select_related("microdistrict")
        .order_by("considered_at", "pk")
    )
    # A manager answers in his own microdistricts only; the list is short, the rule lives in permissions.
    mine = [i for i in queryset[:200] if permissions.can_respond_officially(request.user, i)]
    return Queue(
        label=_("Ждут официального ответа дольше %(days)s дней") % {"days": ANSWER_DAYS},
        count=len(mine),
        url=reverse("admin:initiatives_initiative_changelist") + f"?status={S.CONSIDERATION}",
        items=[QueueItem(i.title, _change_url(i), _waiting(i.considered_at)) for i in mine[:QUEUE_ITEMS]],
    )


def register() -> None:
    register_queue("initiatives.moderation", moderation_queue, order=10)
    register_queue("initiatives.comments", reported_comments_queue, order=20)
    register_queue("initiatives.answers", overdue_answers_queue, order=30)
