"""Pledges of support: offered by a partner, accepted or declined by the initiative group,
withdrawn by the partner while not accepted. The only code that changes `Pledge.status`."""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from decimal import Decimal

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError, NotAllowed, WrongStatus
from initiatives import permissions as initiative_permissions
from initiatives.models import Initiative

from .. import events
from ..models import Pledge, PledgeStatusChange
from .actor import PartnerActor

S = Pledge.Status
# An initiative may receive offers from publication until it is done.
OPEN_FOR_PLEDGES = (
    Initiative.Status.PUBLISHED, Initiative.Status.CONSIDERATION, Initiative.Status.ACCEPTED,
    Initiative.Status.IN_PROGRESS,
)


def _clean_details(
    kind: str, *, amount: Decimal | None, volunteers: int | None, date_from: dt.date | None,
    date_to: dt.date | None, materials: str,
) -> dict:
    if kind not in Pledge.Kind.values:
        raise DomainError(_("Неизвестный вид поддержки."))
    if kind == Pledge.Kind.MONEY and (amount is None or amount <= 0):
        raise DomainError(_("Укажите сумму в рублях."))
    if kind == Pledge.Kind.VOLUNTEERS and not volunteers:
        raise DomainError(_("Укажите, сколько волонтёров придёт."))
    if kind == Pledge.Kind.MATERIALS and not materials.strip():
        raise DomainError(_("Укажите, какие материалы и сколько."))
    if date_from and date_to and date_to < date_from:
        raise DomainError(_("Дата окончания раньше даты начала."))
    return {
        "amount": amount if kind == Pledge.Kind.MONEY else None,
        "volunteers": volunteers if kind == Pledge.Kind.VOLUNTEERS else None,
        "date_from": date_from, "date_to": date_to, "materials": materials.strip(),
    }


def pledge_create(
    actor: PartnerActor, initiative: Initiative, *, kind: str, message: str = "", amount: Decimal | None = None,
    volunteers: int | None = None, date_from: dt.date | None = None, date_to: dt.date | None = None,
    materials: str = "",
) -> Pledge:
    actor.require_verified()
    details = _clean_details(
        kind, amount=amount, volunteers=volunteers, date_from=date_from, date_to=date_to, materials=materials
    )
    with transaction.atomic():
        # Lock the initiative: an offer never lands on one that is being closed at the same moment.
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if locked.status not in OPEN_FOR_PLEDGES:
            raise WrongStatus(
                _("Поддержку можно предложить только опубликованной инициативе, которая ещё не реализована.")
            )
        pledge = Pledge.objects.create(
            partner=actor.partner, initiative=locked, kind=kind, message=message.strip(), created_by=actor.user,
            **details,
        )
        PledgeStatusChange.objects.create(
            pledge=pledge, to_status=S.OFFERED, actor=actor.user, api_key_name=actor.key_name
        )
        events.pledge_offered(pledge, actor=actor.user)
    return pledge


Check = Callable[[Pledge], None]


def _change(
    pledge: Pledge, *, to: str, allowed_from: Iterable[str], check: Check, actor: User | None,
    key_name: str = "", reason: str = "",
) -> Pledge:
    with transaction.atomic():
        locked = Pledge.objects.select_for_update().select_related("initiative", "partner").get(pk=pledge.pk)
        check(locked)
        if locked.status not in allowed_from:
            raise WrongStatus(
                _("Действие недоступно: предложение сейчас в статусе «%(status)s».")
                % {"status": locked.get_status_display()}
            )
        from_status = locked.status
        locked.status = to
        if to in (S.ACCEPTED, S.DECLINED):
            locked.decided_at = timezone.now()
            locked.decision_reason = reason
        locked.save()
        PledgeStatusChange.objects.create(
            pledge=locked, from_status=from_status, to_status=to, actor=actor, api_key_name=key_name, reason=reason
        )
        events.pledge_status_changed(locked, from_status=from_status, actor=actor)
    pledge.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return pledge


def _group_check(user: User) -> Check:
    def check(pledge: Pledge) -> None:
        if not initiative_permissions.is_group_member(user, pledge.initiative):
            raise NotAllowed(_("Ответить на предложение может только инициативная группа."))

    return check


def pledge_accept(pledge: Pledge, *, user: User, reason: str = "") -> Pledge:
    return _change(
        pledge, to=S.ACCEPTED, allowed_from=(S.OFFERED,), check=_group_check(user), actor=user,
        reason=(reason or "").strip(),
    )


def pledge_decline(pledge: Pledge, *, user: User, reason: str = "") -> Pledge:
    return _change(
        pledge, to=S.DECLINED, allowed_from=(S.OFFERED,), check=_group_check(user), actor=user,
        reason=(reason or "").strip(),
    )


def pledge_withdraw(pledge: Pledge, *, actor: PartnerActor, reason: str = "") -> Pledge:
    def check(locked: Pledge) -> None:
        actor.require_owns(locked.partner_id)

    return _change(
        pledge, to=S.WITHDRAWN, allowed_from=(S.OFFERED,), check=check, actor=actor.user, key_name=actor.key_name,
        reason=(reason or "").strip(),
    )
