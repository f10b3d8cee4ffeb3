"""The initiative actions staff run in the admin, each calling one service."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .. import permissions, services
from ..models import Initiative
from ..services import DomainError
from .base import ServiceAction
from .forms import (
    BestPracticeForm,
    ForwardForm,
    OfficialResponseForm,
    ProgressUpdateForm,
    ReasonForm,
    RevisionForm,
)

S = Initiative.Status


def _reason(data: dict[str, Any]) -> str:
    return data.get("reason", "")


def _forward(initiative: Initiative, user: Any, data: dict[str, Any]) -> None:
    council = data.get("council")
    if council is not None and initiative.district_id and council.district_id != initiative.district_id:
        raise DomainError(_("Совет «%(council)s» — из другого района.") % {"council": council})
    services.initiative_forward(initiative, actor=user, reason=_reason(data), council=council)


INITIATIVE_ACTIONS = (
    ServiceAction(
        "publish", gettext_lazy("Опубликовать"),
        lambda i, u, d: services.initiative_publish(i, actor=u, reason=_reason(d)),
        done=gettext_lazy("опубликована, идёт сбор поддержки."), shown=lambda i: i.status == S.MODERATION,
        look="primary",
    ),
    ServiceAction(
        "request_revision", gettext_lazy("Вернуть на доработку"),
        lambda i, u, d: services.initiative_request_revision(i, actor=u, reason=d["reason"]),
        done=gettext_lazy("возвращена автору на доработку."), form_class=RevisionForm, needs_page=True,
        shown=lambda i: i.status == S.MODERATION,
    ),
    ServiceAction(
        "reject", gettext_lazy("Отклонить"),
        lambda i, u, d: services.initiative_reject(i, actor=u, reason=d["reason"]),
        done=gettext_lazy("отклонена."), form_class=ReasonForm, needs_page=True, look="danger",
        shown=lambda i: i.status in (S.MODERATION, S.PUBLISHED, S.CONSIDERATION),
    ),
    ServiceAction(
        "forward", gettext_lazy("Передать на рассмотрение"), _forward,
        done=gettext_lazy("передана на рассмотрение."), form_class=ForwardForm, needs_page=True,
        shown=lambda i: i.status == S.PUBLISHED,
    ),
    ServiceAction(
        "accept", gettext_lazy("Принять"),
        lambda i, u, d: services.initiative_accept(i, actor=u, reason=_reason(d)),
        done=gettext_lazy("принята."), shown=lambda i: i.status == S.CONSIDERATION, look="primary",
    ),
    ServiceAction(
        "start", gettext_lazy("Начать реализацию"),
        lambda i, u, d: services.initiative_start(i, actor=u, reason=_reason(d)),
        done=gettext_lazy("реализуется."), shown=lambda i: i.status == S.ACCEPTED, look="primary",
    ),
    ServiceAction(
        "mark_implemented", gettext_lazy("Отметить реализованной"),
        lambda i, u, d: services.initiative_mark_implemented(i, actor=u, reason=_reason(d)),
        done=gettext_lazy("реализована."), shown=lambda i: i.status == S.IN_PROGRESS, look="primary",
    ),
    ServiceAction(
        "mark_best_practice", gettext_lazy("Сделать лучшей практикой"),
        lambda i, u, d: services.initiative_mark_best_practice(i, actor=u, summary=d["summary"]),
        done=gettext_lazy("отмечена как лучшая практика."), form_class=BestPracticeForm, needs_page=True,
        single=True, shown=lambda i: i.status == S.IMPLEMENTED and not i.is_best_practice,
    ),
    ServiceAction(
        "add_official_response", gettext_lazy("Добавить официальный ответ"),
        lambda i, u, d: services.official_response_add(
            i, actor=u, organisation=d["organisation"], body=d["body"], attachment=d.get("attachment") or None
        ),
        done=gettext_lazy("официальный ответ опубликован."), form_class=OfficialResponseForm, needs_page=True,
        permission="respond", shown=lambda i: i.is_public,
        allowed=lambda i, u: permissions.can_respond_officially(u, i), bulk_permission="moderate",
    ),
    ServiceAction(
        "add_progress_update", gettext_lazy("Добавить ход реализации"),
        lambda i, u, d: services.progress_update_add(
            i, actor=u, body=d["body"], photo_before=d.get("photo_before") or None,
            photo_after=d.get("photo_after") or None,
        ),
        done=gettext_lazy("ход реализации опубликован."), form_class=ProgressUpdateForm, needs_page=True,
        permission="report_progress", shown=lambda i: i.status in (S.IN_PROGRESS, S.IMPLEMENTED),
        allowed=lambda i, u: permissions.can_respond_officially(u, i), bulk_permission="moderate",
    ),
)
