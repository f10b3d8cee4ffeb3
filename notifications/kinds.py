"""The kinds of notification, who may switch them off, and their default channels."""

from __future__ import annotations

from dataclasses import dataclass

from django.db import models
from django.utils.translation import gettext_lazy as _


class Kind(models.TextChoices):
    INITIATIVE_SUBMITTED = "initiative_submitted", _("Инициатива отправлена на модерацию")
    STATUS_CHANGED = "status_changed", _("Статус инициативы изменился")
    OFFICIAL_RESPONSE = "official_response", _("Официальный ответ по инициативе")
    PROGRESS_UPDATE = "progress_update", _("Новости о ходе реализации")
    THRESHOLD_REACHED = "threshold_reached", _("Инициатива набрала порог поддержки")
    COMMENT_NEW = "comment_new", _("Новый комментарий")
    COMMENT_REPLY = "comment_reply", _("Ответ на ваш комментарий")
    COMMENT_HIDDEN = "comment_hidden", _("Ваш комментарий скрыт модератором")
    COAUTHOR_INVITATION = "coauthor_invitation", _("Приглашение в инициативную группу")
    WEEKLY_DIGEST = "weekly_digest", _("Еженедельная подборка инициатив моего микрорайона")
    FORUM_REGISTRATION = "forum_registration", _("Регистрация на форум")
    FORUM_REMINDER = "forum_reminder", _("Напоминание о форуме")
    RESOLUTION_DEADLINE = "resolution_deadline", _("Срок пункта резолюции через 14 дней")


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    IN_APP = "in_app", _("на портале")


@dataclass(frozen=True)
class KindPolicy:
    email_default: bool = True
    in_app_default: bool = True
    # Service messages (an invitation addressed to someone, a hidden comment's
    # reason) are part of a process the person is in, not a subscription.
    can_unsubscribe: bool = True


POLICIES: dict[str, KindPolicy] = {
    Kind.INITIATIVE_SUBMITTED: KindPolicy(),
    Kind.STATUS_CHANGED: KindPolicy(),
    Kind.OFFICIAL_RESPONSE: KindPolicy(),
    Kind.PROGRESS_UPDATE: KindPolicy(),
    Kind.THRESHOLD_REACHED: KindPolicy(),
    Kind.COMMENT_NEW: KindPolicy(email_default=False),
    Kind.COMMENT_REPLY: KindPolicy(),
    Kind.COMMENT_HIDDEN: KindPolicy(can_unsubscribe=False),
    Kind.COAUTHOR_INVITATION: KindPolicy(can_unsubscribe=False),
    # Opt-in: nobody receives a digest they did not ask for.
    Kind.WEEKLY_DIGEST: KindPolicy(email_default=False, in_app_default=False),
    Kind.FORUM_REGISTRATION: KindPolicy(can_unsubscribe=False),
    Kind.FORUM_REMINDER: KindPolicy(),
    Kind.RESOLUTION_DEADLINE: KindPolicy(),
}
