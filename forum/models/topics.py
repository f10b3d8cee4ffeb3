"""Topics residents propose for the next forum's agenda, and their support."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .edition import ForumEdition, Section


class Topic(models.Model):
    class Status(models.TextChoices):
        PROPOSED = "proposed", _("предложена")
        SELECTED = "selected", _("включена в программу")
        DECLINED = "declined", _("не включена")
        HIDDEN = "hidden", _("скрыта модератором")

    # What the public list shows; declined and hidden topics leave it.
    PUBLIC_STATUSES = (Status.PROPOSED, Status.SELECTED)

    edition = models.ForeignKey(
        ForumEdition, on_delete=models.CASCADE, related_name="topics", verbose_name=_("форум")
    )
    title = models.CharField(_("тема"), max_length=200)
    description = models.TextField(_("почему это важно"), max_length=3000)
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="forum_topics", verbose_name=_("автор")
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.PROPOSED, db_index=True
    )
    # Denormalised count of TopicSupport rows, kept exact by the services under a row lock.
    support_count = models.PositiveIntegerField(_("поддержали"), default=0, editable=False)
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="topics",
        verbose_name=_("площадка в программе"),
    )
    created_at = models.DateTimeField(_("предложена"), default=timezone.now, editable=False)
    hidden_reason = models.TextField(_("причина скрытия"), blank=True, editable=False)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("решение принял"),
    )
    moderated_at = models.DateTimeField(_("решение принято"), null=True, blank=True, editable=False)

    class Meta:
        ordering = ["-support_count", "created_at", "id"]
        verbose_name = _("тема для форума")
        verbose_name_plural = _("темы для форума")

    def __str__(self) -> str:
        return self.title


class TopicSupport(models.Model):
    topic = models.ForeignKey(Topic, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="forum_topic_supports")
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["topic", "user"], name="forum_topic_support_once")]
        verbose_name = _("поддержка темы")
        verbose_name_plural = _("поддержка тем")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.topic_id}"
