"""Supporting and following initiatives, with an exact counter under concurrency."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import permissions
from ..models import Follow, Initiative, Support
from .errors import DomainError, NotAllowed, WrongStatus
from .transitions import initiative_forward


def support_add(initiative: Initiative, *, user: User) -> Initiative:
    """Add one resident's support; reaching the threshold sends the initiative to consideration.

    The initiative row is locked so that the status check, the insert and the
    counter update happen as one step: concurrent supports queue on the lock and
    the counter equals the number of Support rows.
    """
    if not user.is_authenticated or not user.is_active:
        raise NotAllowed(_("Войдите, чтобы поддержать инициативу."))
    reached = False
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if locked.status != Initiative.Status.PUBLISHED:
            raise WrongStatus(_("Поддержку можно выразить только во время сбора."))
        if locked.collection_deadline and locked.collection_deadline < timezone.localdate():
            raise WrongStatus(_("Срок сбора поддержки истёк."))
        if permissions.is_group_member(user, locked):
            raise NotAllowed(_("Авторы не поддерживают собственную инициативу."))
        try:
            with transaction.atomic():
                Support.objects.create(initiative=locked, user=user)
        except IntegrityError:
            raise DomainError(_("Вы уже поддержали эту инициативу.")) from None
        Initiative.objects.filter(pk=locked.pk).update(support_count=F("support_count") + 1)
        Follow.objects.get_or_create(initiative=locked, user=user)
        locked.refresh_from_db(fields=["support_count"])
        reached = bool(locked.support_threshold and locked.support_count >= locked.support_threshold)
        if reached:
            # Same transaction: the support that reaches the threshold and the move
            # to consideration commit together.
            initiative_forward(locked, actor=None, reason=_("Набран порог поддержки."))
    initiative.support_count = locked.support_count
    initiative.status = locked.status
    return initiative


def support_withdraw(initiative: Initiative, *, user: User) -> Initiative:
    """Take a support back, only while support is being collected."""
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if locked.status != Initiative.Status.PUBLISHED:
            raise WrongStatus(_("Отозвать поддержку можно только во время сбора."))
        deleted, _count = Support.objects.filter(initiative=locked, user=user).delete()
        if not deleted:
            raise DomainError(_("Вы не поддерживали эту инициативу."))
        Initiative.objects.filter(pk=locked.pk).update(support_count=F("support_count") - 1)
        locked.refresh_from_db(fields=["support_count"])
    initiative.support_count = locked.support_count
    return initiative


def follow(initiative: Initiative, *, user: User) -> None:
    if not permissions.can_view(user, initiative):
        raise NotAllowed(_("Инициатива недоступна."))
    Follow.objects.get_or_create(initiative=initiative, user=user)


def unfollow(initiative: Initiative, *, user: User) -> None:
    Follow.objects.filter(initiative=initiative, user=user).delete()
