"""Comments: posting, editing within 15 minutes, reports, moderation."""

from __future__ import annotations

from django.db import IntegrityError, transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User

from .. import permissions
from ..detail_blocks import comments_changed
from ..models import Comment, CommentReport, Initiative
from ..reports import trusted_report_count
from . import events
from .errors import DomainError, NotAllowed


def comment_add(initiative: Initiative, *, author: User, body: str, parent: Comment | None = None) -> Comment:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Комментарий пуст."))
    if not author.is_authenticated:
        raise NotAllowed(_("Войдите, чтобы комментировать."))
    if not initiative.is_public:
        raise DomainError(_("Обсуждение открывается после публикации инициативы."))
    if parent is not None:
        if parent.initiative_id != initiative.pk:
            raise DomainError(_("Ответ относится к другой инициативе."))
        if parent.is_hidden:
            raise DomainError(_("Этот комментарий скрыт, ответить на него нельзя."))
        # Replies stay one level deep: answering a reply answers its thread.
        if parent.parent_id is not None:
            parent = parent.parent
    with transaction.atomic():
        comment = Comment.objects.create(initiative=initiative, author=author, body=body, parent=parent)
        events.comment_added(comment)
    return comment


def comment_edit(comment: Comment, *, actor: User, body: str) -> Comment:
    body = (body or "").strip()
    if not body:
        raise DomainError(_("Комментарий пуст."))
    if comment.author_id != actor.pk:
        raise NotAllowed(_("Редактировать можно только свой комментарий."))
    if not comment.editable_by(actor):
        raise DomainError(_("Комментарий можно править только 15 минут после публикации."))
    comment.body = body
    comment.edited_at = timezone.now()
    comment.save(update_fields=["body", "edited_at"])
    return comment


def comment_report(comment: Comment, *, reporter: User, reason: str = "") -> Comment:
    """Report a comment; the third trusted report (see initiatives.reports) hides it until a moderator decides."""
    if comment.author_id == reporter.pk:
        raise DomainError(_("Нельзя пожаловаться на свой комментарий."))
    if comment.is_hidden:
        raise DomainError(_("Комментарий уже скрыт."))
    with transaction.atomic():
        try:
            with transaction.atomic():
                CommentReport.objects.create(comment=comment, reporter=reporter, reason=(reason or "")[:300])
        except IntegrityError:
            raise DomainError(_("Вы уже пожаловались на этот комментарий.")) from None
        # Every report counts for the moderators' queue...
        Comment.objects.filter(pk=comment.pk).update(report_count=F("report_count") + 1)
        # ...but only reports of confirmed residents of at least a week hide the comment on
        # their own. A moderator's restore is final: reports after it do not hide it again.
        if trusted_report_count(comment.pk) >= Comment.REPORTS_TO_HIDE:
            hidden = Comment.objects.filter(pk=comment.pk, is_hidden=False, moderated_by__isnull=True).update(
                is_hidden=True, awaiting_moderation=True
            )
            if hidden:
                # update() sends no signal: the cached pages of the discussion still show the text.
                comments_changed(comment.initiative_id)
    comment.refresh_from_db()
    return comment


def comment_hide(comment: Comment, *, moderator: User, reason: str) -> Comment:
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Укажите причину."))
    if not permissions.is_moderator_for(moderator, comment.initiative):
        raise NotAllowed(_("У вас нет права на это действие."))
    comment.is_hidden = True
    comment.awaiting_moderation = False
    comment.hidden_reason = reason
    comment.moderated_by = moderator
    with transaction.atomic():
        comment.save(update_fields=["is_hidden", "awaiting_moderation", "hidden_reason", "moderated_by"])
        events.comment_hidden(comment, moderator=moderator)
    return comment


def comment_restore(comment: Comment, *, moderator: User, reason: str = "") -> Comment:
    if not permissions.is_moderator_for(moderator, comment.initiative):
        raise NotAllowed(_("У вас нет права на это действие."))
    # Restoring a visible comment would still record a moderator decision, after
    # which reports could never hide it again.
    if not comment.is_hidden:
        raise DomainError(_("Комментарий не скрыт."))
    comment.is_hidden = False
    comment.awaiting_moderation = False
    comment.hidden_reason = (reason or "").strip()
    comment.moderated_by = moderator
    comment.save(update_fields=["is_hidden", "awaiting_moderation", "hidden_reason", "moderated_by"])
    return comment
