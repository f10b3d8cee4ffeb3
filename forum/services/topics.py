"""Topics residents propose for the agenda, their supports, and staff decisions on them."""

from __future__ import annotations

import logging

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError, NotAllowed, WrongStatus

from .. import permissions
from ..models import (
    ForumEdition,
    Registration,
    Section,
    SectionRegistration,
    Topic,
    TopicSupport,
)
from .errors import AlreadySupported

logger = logging.getLogger(__name__)

R = Registration.Status
SR = SectionRegistration.Status

# A collision among 32⁸ codes is practically impossible; a few retries make it impossible in practice too.
_CODE_ATTEMPTS = 5


# Topics -----------------------------------------------------------------------------------


def topic_propose(*, edition: ForumEdition, author: User, title: str, description: str) -> Topic:
    title, description = (title or "").strip(), (description or "").strip()
    if not title or not description:
        raise DomainError(_("Укажите тему и объясните, почему она важна."))
    if not author.is_authenticated or not author.is_active:
        raise NotAllowed(_("Войдите, чтобы предложить тему."))
    if not edition.is_upcoming:
        raise WrongStatus(_("Темы принимаются только для предстоящего форума."))
    return Topic.objects.create(edition=edition, author=author, title=title, description=description)


def _recount(topic: Topic) -> None:
    # Counted, not incremented: the row lock makes the count exact even if a support row was fixed by hand.
    topic.support_count = TopicSupport.objects.filter(topic=topic).count()
    topic.save(update_fields=["support_count"])


def topic_support(topic: Topic, *, user: User) -> Topic:
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if not user.is_authenticated or not user.is_active:
            raise NotAllowed(_("Войдите, чтобы поддержать тему."))
        if locked.author_id == user.pk:
            raise NotAllowed(_("Нельзя поддержать собственную тему."))
        if locked.status != Topic.Status.PROPOSED:
            raise WrongStatus(_("Поддержка закрыта: тема уже рассмотрена."))
        _support, created = TopicSupport.objects.get_or_create(topic=locked, user=user)
        if not created:
            raise AlreadySupported(_("Вы уже поддержали эту тему."))
        _recount(locked)
    topic.support_count = locked.support_count
    return topic


def topic_unsupport(topic: Topic, *, user: User) -> Topic:
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.status != Topic.Status.PROPOSED:
            raise WrongStatus(_("Поддержка закрыта: тема уже рассмотрена."))
        deleted, _rows = TopicSupport.objects.filter(topic=locked, user=user).delete()
        if not deleted:
            raise DomainError(_("Вы не поддерживали эту тему."))
        _recount(locked)
    topic.support_count = locked.support_count
    return topic


def topic_select(topic: Topic, *, actor: User, create_section: bool = False) -> Topic:
    """Staff put a topic into the programme, optionally as a new section to be scheduled."""
    with transaction.atomic():
        locked = Topic.objects.select_for_update(of=("self",)).select_related("edition").get(pk=topic.pk)
        if not permissions.is_forum_staff(actor):
            raise NotAllowed(_("У вас нет права на это действие."))
        if locked.status == Topic.Status.SELECTED and not (create_section and locked.section_id is None):
            raise WrongStatus(_("Тема «%(title)s» уже в программе.") % {"title": locked.title})
        if not locked.edition.is_upcoming:
            raise WrongStatus(_("Программа форума %(year)s года уже не меняется.") % {"year": locked.edition.year})
        locked.status = Topic.Status.SELECTED
        if create_section and locked.section_id is None:
            # Placed over the whole forum day: staff set the real time and room in the programme.
            # The resident's words are the section's title as written: its Russian (original) title,
            # whatever language the staff member reads the site in.
            locked.section = Section.objects.create(
                edition=locked.edition, title_ru=locked.title, description=locked.description,
                starts_at=locked.edition.starts_at, ends_at=locked.edition.ends_at,
            )
        locked.save(update_fields=["status", "section"])
    topic.status, topic.section_id = locked.status, locked.section_id
    return topic


def topic_decline(topic: Topic, *, actor: User) -> Topic:
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if not permissions.is_forum_staff(actor):
            raise NotAllowed(_("У вас нет права на это действие."))
        if locked.status != Topic.Status.PROPOSED:
            raise WrongStatus(_("Тема «%(title)s» уже рассмотрена.") % {"title": locked.title})
        locked.status = Topic.Status.DECLINED
        locked.moderated_by, locked.moderated_at = actor, timezone.now()
        locked.save(update_fields=["status", "moderated_by", "moderated_at"])
    topic.status = locked.status
    return topic


def topic_hide(topic: Topic, *, actor: User, reason: str) -> Topic:
    """A moderator takes a topic off the public list (insults, personal data, advertising), saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Укажите причину."))
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if not permissions.is_forum_staff(actor):
            raise NotAllowed(_("У вас нет права на это действие."))
        if locked.status not in (Topic.Status.PROPOSED, Topic.Status.DECLINED):
            raise WrongStatus(
                _("Тему «%(title)s» нельзя скрыть: она уже в программе или скрыта.") % {"title": locked.title}
            )
        locked.status = Topic.Status.HIDDEN
        locked.hidden_reason = reason
        locked.moderated_by, locked.moderated_at = actor, timezone.now()
        locked.save(update_fields=["status", "hidden_reason", "moderated_by", "moderated_at"])
    topic.status, topic.hidden_reason = locked.status, locked.hidden_reason
    return topic
