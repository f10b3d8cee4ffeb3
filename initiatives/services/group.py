"""The initiative group: inviting co-authors by e-mail and answering invitations."""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.sections_cache import bump_generation
from notifications.models import EmailOptOut

from .. import permissions
from ..models import CoauthorInvitation, Follow, Initiative
from ..selectors import detail_rows_generation
from . import events
from .errors import DomainError, NotAllowed

MAX_GROUP_SIZE = 10
# Invitations carry the sender's initiative to any address, so they are rationed: an
# invite → revoke → invite loop must not turn the portal into a mailer.
MAX_INVITATIONS_PER_INITIATIVE = 30
MAX_INVITATIONS_PER_DAY = 10
REINVITE_PAUSE = dt.timedelta(days=30)


def invitation_create(initiative: Initiative, *, actor: User, email: str) -> CoauthorInvitation:
    email = email.strip().lower()
    if not permissions.is_group_member(actor, initiative):
        raise NotAllowed(_("Приглашать может только инициативная группа."))
    if initiative.status not in (*Initiative.EDITABLE_STATUSES, Initiative.Status.MODERATION):
        raise DomainError(_("Приглашать соавторов можно до публикации инициативы."))
    if email == initiative.author.email.lower():
        raise DomainError(_("Это адрес автора инициативы."))
    open_count = initiative.invitations.filter(status__in=["pending", "accepted"]).count()
    if open_count >= MAX_GROUP_SIZE:
        raise DomainError(_("В инициативной группе может быть не больше 10 соавторов."))
    _check_invitation_limits(initiative, actor=actor, email=email)
    try:
        with transaction.atomic():
            invitation = CoauthorInvitation.objects.create(initiative=initiative, email=email, invited_by=actor)
            events.invitation_created(invitation)
    except IntegrityError:
        raise DomainError(_("Этот адрес уже приглашён.")) from None
    return invitation


def _check_invitation_limits(initiative: Initiative, *, actor: User, email: str) -> None:
    now = timezone.now()
    if initiative.invitations.count() >= MAX_INVITATIONS_PER_INITIATIVE:
        message = _("Из одной инициативы можно отправить не больше %(n)d приглашений.")
        raise DomainError(message % {"n": MAX_INVITATIONS_PER_INITIATIVE})
    sent_today = CoauthorInvitation.objects.filter(invited_by=actor, created_at__gte=now - dt.timedelta(days=1))
    if sent_today.count() >= MAX_INVITATIONS_PER_DAY:
        message = _("За сутки можно отправить не больше %(n)d приглашений. Попробуйте завтра.")
        raise DomainError(message % {"n": MAX_INVITATIONS_PER_DAY})
    # Per initiative, and per sender across their initiatives (a new draft is no way around it).
    if CoauthorInvitation.objects.filter(
        Q(initiative=initiative) | Q(invited_by=actor),
        email=email, status__in=[CoauthorInvitation.Status.DECLINED, CoauthorInvitation.Status.REVOKED],
        answered_at__gte=now - REINVITE_PAUSE,
    ).exists():
        raise DomainError(_("Этот адрес уже отказался или был отозван недавно; пригласить снова можно через месяц."))
    if EmailOptOut.covers(email) and not User.objects.filter(email__iexact=email, is_active=True).exists():
        # The owner asked the portal never to write; the sender is not told more than that.
        raise DomainError(_("На этот адрес нельзя отправить приглашение."))


def invitation_accept(invitation: CoauthorInvitation, *, user: User) -> CoauthorInvitation:
    with transaction.atomic():
        locked = CoauthorInvitation.objects.select_for_update().select_related("initiative").get(pk=invitation.pk)
        if locked.status != CoauthorInvitation.Status.PENDING:
            raise DomainError(_("Приглашение уже недействительно."))
        if locked.expires_at < timezone.now():
            raise DomainError(_("Срок приглашения истёк. Попросите автора пригласить вас снова."))
        # The link may be forwarded; only the invited address may accept it.
        if user.email.lower() != locked.email:
            raise NotAllowed(_("Приглашение отправлено на другой адрес электронной почты."))
        if locked.initiative.author_id == user.pk:
            raise DomainError(_("Вы автор этой инициативы."))
        locked.status = CoauthorInvitation.Status.ACCEPTED
        locked.user = user
        locked.answered_at = timezone.now()
        try:
            with transaction.atomic():
                locked.save()
        except IntegrityError:
            raise DomainError(_("Вы уже в инициативной группе.")) from None
    return locked


def invitation_decline(invitation: CoauthorInvitation, *, user: User) -> CoauthorInvitation:
    with transaction.atomic():
        locked = CoauthorInvitation.objects.select_for_update().get(pk=invitation.pk)
        if locked.status != CoauthorInvitation.Status.PENDING or user.email.lower() != locked.email:
            raise DomainError(_("Приглашение уже недействительно."))
        locked.status = CoauthorInvitation.Status.DECLINED
        locked.answered_at = timezone.now()
        locked.save()
    return locked


def invitation_revoke(invitation: CoauthorInvitation, *, actor: User) -> None:
    if invitation.initiative.author_id != actor.pk:
        raise NotAllowed(_("Отозвать приглашение может только автор."))
    CoauthorInvitation.objects.filter(pk=invitation.pk, status__in=["pending", "accepted"]).update(
        status=CoauthorInvitation.Status.REVOKED, answered_at=timezone.now()
    )
    # An update sends no signal: the page's cached group is read anew (initiatives.selectors).
    bump_generation(detail_rows_generation(invitation.initiative_id))
    if invitation.user_id and not invitation.initiative.is_public:
        # A former co-author may no longer see an unpublished initiative: stop its news too.
        Follow.objects.filter(initiative=invitation.initiative, user_id=invitation.user_id).delete()
