"""Writes to normative acts. Views, admin actions and the demo loader call these.

Every status change locks the act's row, checks the status and the actor's right,
saves and writes an `ActStatusChange`; refusals are `core.errors` exceptions whose
message is for the person who asked.
"""

from __future__ import annotations

import datetime as dt

from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from accounts.trust import trusted_user_q
from core.errors import Closed, Conflict, DomainError, NotAllowed, WrongStatus

from . import notices, permissions
from .models import (
    ActPoint,
    ActStatusChange,
    ActVersion,
    DiscussionSummary,
    NormativeAct,
    PointComment,
    PointCommentReport,
    PointVote,
)

S = NormativeAct.Status


def _locked(act: NormativeAct) -> NormativeAct:
    return NormativeAct.objects.select_for_update().get(pk=act.pk)


def _move(act: NormativeAct, *, to: str, actor: User | None, reason: str = "", allowed_from: tuple[str, ...],
          fields: dict | None = None) -> NormativeAct:
    if actor is not None and not permissions.can_manage_acts(actor):
        raise NotAllowed(_("У вас нет права на это действие."))
    with transaction.atomic():
        locked = _locked(act)
        if locked.status not in allowed_from:
            raise WrongStatus(
                _("Действие недоступно: акт в статусе «%(status)s».") % {"status": locked.get_status_display()}
            )
        previous = locked.status
        locked.status = to
        for name, value in (fields or {}).items():
            setattr(locked, name, value)
        locked.save()
        ActStatusChange.objects.create(act=locked, from_status=previous, to_status=to, actor=actor, reason=reason)
    act.refresh_from_db()
    return act


def _snapshot(act: NormativeAct, kind: str) -> None:
    adopted = kind == ActVersion.Kind.ADOPTED
    rows = []
    for point in ActPoint.objects.filter(act=act).select_related("section").order_by("section__position",
                                                                                         "section_id", "position",
                                                                                         "id"):
        text = point.adopted_text if adopted else point.text
        if adopted and not text:
            continue  # a point left out of the adopted text
        rows.append({"section": f"{point.section.number}. {point.section.title}", "number": point.number,
                     "text": text})
    ActVersion.objects.update_or_create(act=act, kind=kind, defaults={"points": rows, "created_at": timezone.now()})


def open_discussion(act: NormativeAct, *, actor: User | None, starts_on: dt.date | None = None,
                    ends_on: dt.date | None = None) -> NormativeAct:
    """Put the draft up for discussion; residents of the concerned districts and subscribers hear of it."""
    starts_on = starts_on or act.discussion_starts_on or timezone.localdate()
    ends_on = ends_on or act.discussion_ends_on
    if ends_on is None:
        raise DomainError(_("Укажите, до какого числа идёт обсуждение."))
    if ends_on < starts_on:
        raise DomainError(_("Обсуждение не может закончиться раньше, чем начнётся."))
    if not ActPoint.objects.filter(act=act).exists():
        raise DomainError(_("В акте нет ни одного пункта: обсуждать нечего."))
    with transaction.atomic():
        act = _move(act, to=S.DISCUSSION, actor=actor, allowed_from=(S.PREPARING,),
                    fields={"discussion_starts_on": starts_on, "discussion_ends_on": ends_on})
        _snapshot(act, ActVersion.Kind.DISCUSSED)
        notices.discussion_opened(act, actor=actor)
    return act


def close_discussion(act: NormativeAct, *, actor: User | None, reason: str = "") -> NormativeAct:
    """End the discussion (staff, or the daily task once the window has passed: actor None)."""
    return _move(act, to=S.CLOSED, actor=actor, reason=reason, allowed_from=(S.DISCUSSION,))


def close_finished_discussions(today: dt.date | None = None) -> int:
    today = today or timezone.localdate()
    closed = 0
    for act in NormativeAct.objects.filter(status=S.DISCUSSION, discussion_ends_on__lt=today):
        try:
            close_discussion(act, actor=None, reason=_("Срок обсуждения истёк."))
            closed += 1
        except WrongStatus:
            continue  # closed by staff meanwhile
    return closed


def adopt(act: NormativeAct, *, actor: User | None, number: str, adopted_on: dt.date, reason: str = "") -> NormativeAct:
    """The act was adopted: record its number and date and freeze the adopted text."""
    number = (number or "").strip()
    if not number:
        raise DomainError(_("Укажите номер принятого акта."))
    if adopted_on is None:
        raise DomainError(_("Укажите дату принятия."))
    if not ActPoint.objects.filter(act=act).exclude(adopted_text="").exists():
        raise DomainError(_("Внесите принятую редакцию хотя бы одного пункта."))
    with transaction.atomic():
        act = _move(act, to=S.ADOPTED, actor=actor, reason=reason, allowed_from=(S.CLOSED,),
                    fields={"number": number, "adopted_on": adopted_on})
        _snapshot(act, ActVersion.Kind.ADOPTED)
    return act


def reject(act: NormativeAct, *, actor: User | None, reason: str) -> NormativeAct:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Укажите причину."))
    return _move(act, to=S.REJECTED, actor=actor, reason=reason, allowed_from=(S.CLOSED,))


def summary_set(point: ActPoint, *, actor: User, decision: str, reasoning: str) -> DiscussionSummary:
    """Write staff's answer for one point (public only once the summary is published)."""
    if not permissions.can_manage_acts(actor):
        raise NotAllowed(_("У вас нет права на это действие."))
    if point.act.status in (S.PREPARING, S.DISCUSSION):
        raise WrongStatus(_("Итоги подводятся после окончания обсуждения."))
    if decision not in DiscussionSummary.Decision.values:
        raise DomainError(_("Выберите решение: учтено, учтено частично или не учтено."))
    reasoning = (reasoning or "").strip()
    if not reasoning:
        raise DomainError(_("Объясните решение."))
    summary, _created = DiscussionSummary.objects.update_or_create(
        point=point, defaults={"decision": decision, "reasoning": reasoning, "author": actor}
    )
    return summary


def publish_summary(act: NormativeAct, *, actor: User) -> NormativeAct:
    """Publish the summary: every point residents commented on or voted for must have an answer."""
    if not permissions.can_manage_acts(actor):
        raise NotAllowed(_("У вас нет права на это действие."))
    with transaction.atomic():
        locked = _locked(act)
        if locked.status not in (S.CLOSED, S.ADOPTED, S.REJECTED):
            raise WrongStatus(_("Итоги публикуются после окончания обсуждения."))
        if locked.summary_published_at is not None:
            raise Conflict(_("Итоги обсуждения уже опубликованы."))
        discussed = _discussed_points(locked)
        missing = [p.number for p in discussed if not _has_summary(p)]
        if missing:
            raise DomainError(
                _("Нет итогов по обсуждавшимся пунктам: %(numbers)s.") % {"numbers": ", ".join(missing)}
            )
        if not DiscussionSummary.objects.filter(point__act=locked).exists():
            raise DomainError(_("Итоги пусты: внесите решение хотя бы по одному пункту."))
        locked.summary_published_at = timezone.now()
        locked.save(update_fields=["summary_published_at", "updated_at"])
        notices.summary_published(locked, actor=actor)
    act.refresh_from_db()
    return act


def _discussed_points(act: NormativeAct) -> list[ActPoint]:
    """Points with a visible comment or a vote; each of them needs an answer."""
    commented = PointComment.objects.filter(point__act=act, is_hidden=False).values("point_id")
    voted = PointVote.objects.filter(point__act=act).values("point_id")
    return list(
        ActPoint.objects.filter(act=act).filter(Q(pk__in=commented) | Q(pk__in=voted)).select_related("summary")
    )


def _has_summary(point: ActPoint) -> bool:
    try:
        point.summary  # noqa: B018  (the reverse one-to-one raises when absent)
    except DiscussionSummary.DoesNotExist:
        return False
    return True


# Residents' part ----------------------------------------------------------------------------


def _check_open(point: ActPoint, user: User) -> None:
    if not permissions.can_take_part(user):
        raise NotAllowed(_("Войдите, чтобы участвовать в обсуждении."))
    if not point.act.is_discussion_open:
        raise Closed(_("Обсуждение этого акта закрыто."))


def vote(point: ActPoint, *, user: User, value: str) -> PointVote:
    """Support or object to a point; a second vote changes the first (one per resident and point)."""
    if value not in PointVote.Value.values:
        raise DomainError(_("Выберите: поддерживаю или возражаю."))
    _check_open(point, user)
    with transaction.atomic():
        try:
            with transaction.atomic():
                return PointVote.objects.create(point=point, user=user, value=value)
        except IntegrityError:
            existing = PointVote.objects.select_for_update().get(point=point, user=user)
            if existing.value != value:
                existing.value = value
                existing.created_at = timezone.now()
                existing.save(update_fields=["value", "created_at"])
            return existing


def vote_withdraw(point: ActPoint, *, user: User) -> None:
    _check_open(point, user)
    PointVote.objects.filter(point=point, user=user).delete()


def comment_add(point: ActPoint, *, author: User, body: str, parent: PointComment | None = None) -> PointComment:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Комментарий пуст."))
    _check_open(point, author)
    # The person answered hears of it, even when the reply is filed under the thread's top comment.
    replied_to = parent
    if parent is not None:
        if parent.point_id != point.pk:
            raise DomainError(_("Ответ относится к другому пункту."))
        if parent.is_hidden:
            raise DomainError(_("Этот комментарий скрыт, ответить на него нельзя."))
        # Replies stay one level deep: answering a reply answers its thread.
        if parent.parent_id is not None:
            parent = parent.parent
    with transaction.atomic():
        comment = PointComment.objects.create(point=point, author=author, body=body, parent=parent)
        if replied_to is not None and replied_to.author_id != author.pk:
            notices.comment_reply(comment, replied_to, actor=author)
    return comment


def comment_edit(comment: PointComment, *, actor: User, body: str) -> PointComment:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Комментарий пуст."))
    if comment.author_id != actor.pk:
        raise NotAllowed(_("Редактировать можно только свой комментарий."))
    if not comment.editable_by(actor):
        raise DomainError(_("Комментарий можно править только 15 минут после публикации."))
    if not comment.point.act.is_discussion_open:
        raise Closed(_("Обсуждение этого акта закрыто."))
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


def comment_report(comment: PointComment, *, reporter: User, reason: str = "") -> PointComment:
    """Report a comment; the third trusted report hides it until a moderator decides."""
    if not permissions.can_take_part(reporter):
        raise NotAllowed(_("Войдите, чтобы пожаловаться."))
    if comment.author_id == reporter.pk:
        raise DomainError(_("Нельзя пожаловаться на свой комментарий."))
    if comment.is_hidden:
        raise DomainError(_("Комментарий уже скрыт."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                PointCommentReport.objects.create(comment=comment, reporter=reporter, reason=(reason or "")[:300])
        except IntegrityError:
            raise Conflict(_("Вы уже пожаловались на этот комментарий.")) from None
        PointComment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        # Every report reaches the moderators; only reports of confirmed residents whose account
        # is a week old hide the comment on their own (accounts.trust: fresh accounts cannot
        # silence anybody). A moderator's restore is final: reports after it do not hide it again.
        trusted = PointCommentReport.objects.filter(trusted_user_q("reporter__"), comment_id=comment.pk).count()
        if trusted >= PointComment.REPORTS_TO_HIDE:
            PointComment.objects.filter(pk=comment.pk, is_hidden=False, moderated_by__isnull=True).update(
                is_hidden=True, awaiting_moderation=True
            )
    comment.refresh_from_db()
    return comment


def comment_hide(comment: PointComment, *, moderator: User, reason: str) -> PointComment:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Укажите причину."))
    if not permissions.can_moderate_comments(moderator, comment.point.act):
        raise NotAllowed(_("У вас нет права на это действие."))
    comment.is_hidden = True
    comment.awaiting_moderation = False
    comment.hidden_reason = reason
    comment.moderated_by = moderator
    comment.save(update_fields=["is_hidden", "awaiting_moderation", "hidden_reason", "moderated_by"])
    return comment


def comment_restore(comment: PointComment, *, moderator: User, reason: str = "") -> PointComment:
    if not permissions.can_moderate_comments(moderator, comment.point.act):
        raise NotAllowed(_("У вас нет права на это действие."))
    if not comment.is_hidden:
        raise DomainError(_("Комментарий не скрыт."))
    comment.is_hidden = False
    comment.awaiting_moderation = False
    comment.hidden_reason = (reason or "").strip()
    comment.moderated_by = moderator
    comment.save(update_fields=["is_hidden", "awaiting_moderation", "hidden_reason", "moderated_by"])
    return comment
