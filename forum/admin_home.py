"""The forum's queues on the moderator's home (core.admin_home): proposed topics, overdue resolution items."""

from __future__ import annotations

from django.contrib import admin
from django.http import HttpRequest
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from core.admin_home import Queue, QueueItem, register_queue

from .models import ResolutionItem, Topic

QUEUE_ITEMS = 5


def _change_url(obj) -> str:
    return reverse(f"admin:{obj._meta.app_label}_{obj._meta.model_name}_change", args=[obj.pk])


def topics_queue(request: HttpRequest) -> Queue | None:
    model_admin = admin.site._registry.get(Topic)
    if model_admin is None or not request.user.has_perm("forum.change_topic"):
        return None
    queryset = model_admin.get_queryset(request).filter(status=Topic.Status.PROPOSED).order_by("created_at", "pk")
    return Queue(
        label=_("Темы для форума без решения"),
        count=queryset.count(),
        url=reverse("admin:forum_topic_changelist") + f"?status__exact={Topic.Status.PROPOSED}",
        items=[
            QueueItem(t.title, _change_url(t), t.created_at.strftime("%d.%m.%Y")) for t in queryset[:QUEUE_ITEMS]
        ],
    )


def overdue_items_queue(request: HttpRequest) -> Queue | None:
    model_admin = admin.site._registry.get(ResolutionItem)
    if model_admin is None or not request.user.has_perm("forum.change_resolutionitem"):
        return None
    open_statuses = [s for s in ResolutionItem.Status.values if s not in ("done", "cancelled")]
    queryset = (
        model_admin.get_queryset(request)
        .filter(deadline__lt=timezone.localdate(), status__in=open_statuses)
        .select_related("resolution__edition")
        .order_by("deadline", "pk")
    )
    return Queue(
        label=_("Пункты резолюции с истёкшим сроком"),
        count=queryset.count(),
        url=reverse("admin:forum_resolutionitem_changelist"),
        items=[
            QueueItem(
                _("Пункт %(number)s резолюции %(year)s") % {"number": i.number, "year": i.resolution.edition.year},
                _change_url(i), _("срок %(date)s") % {"date": i.deadline.strftime("%d.%m.%Y")},
            )
            for i in queryset[:QUEUE_ITEMS]
        ],
    )


def register() -> None:
    register_queue("forum.topics", topics_queue, order=40)
    register_queue("forum.resolution", overdue_items_queue, order=50)
