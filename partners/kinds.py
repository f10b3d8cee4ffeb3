"""Notification kinds of partners, registered with the outbox in PartnersConfig.ready().

Letters live in partners/templates/partners/emails/<kind>.txt and <kind>_subject.txt.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_kind

from . import events


def _group(payload: dict) -> Iterable[int]:
    from initiatives.models import CoauthorInvitation, Initiative

    initiative_id = payload["initiative_id"]
    yield from Initiative.objects.filter(pk=initiative_id).values_list("author_id", flat=True)
    yield from CoauthorInvitation.objects.filter(initiative_id=initiative_id, status="accepted").values_list(
        "user_id", flat=True
    )


def _group_or_listed(payload: dict) -> Iterable[int]:
    if payload.get("to_group"):
        return _group(payload)
    return payload.get("user_ids", [])


def _pledge_letter(payload: dict, recipient: Any) -> dict[str, Any]:
    from .models import Pledge

    try:
        status_label = Pledge.Status(payload.get("status", "")).label
    except ValueError:
        status_label = payload.get("status", "")
    return {"status_label": status_label}


def register() -> None:
    app = "partners"
    register_kind(events.PLEDGE_OFFERED, _("Партнёр предложил поддержку инициативе"), app=app, recipients=_group)
    register_kind(events.PLEDGE_CHANGED, _("Ответ на предложение поддержки"), app=app,
                  recipients=_group_or_listed, letter_context=_pledge_letter)
    register_kind(events.APPLICATION_SUBMITTED, _("Новая заявка на участие в программе"), app=app)
    register_kind("webhook_disabled", _("Вебхук партнёра отключён после ошибок доставки"), app=app,
                  can_unsubscribe=False)
    register_kind(events.APPLICATION_DECIDED, _("Решение по заявке на участие в программе"), app=app,
                  recipients=_group)
