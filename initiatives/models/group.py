"""The initiative group (co-author invitations), supports and follows."""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .initiative import Initiative


def _invitation_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=14)


class CoauthorInvitation(models.Model):
    """An invitation to join the initiative group; the invitee becomes a co-author on accepting."""

    class Status(models.TextChoices):
        PENDING = "pending", _("ожидает ответа")
        ACCEPTED = "accepted", _("принято")
        DECLINED = "declined", _("отклонено")
        REVOKED = "revoked", _("отозвано")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="invitations")
    # The address is needed only to deliver the invitation; it is never shown publicly.
    email = models.EmailField(_("e-mail приглашённого"))
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="coauthorships", verbose_name=_("соавтор"),
    )
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("отправлено"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("действует до"), default=_invitation_expiry)
    answered_at = models.DateTimeField(_("ответ получен"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "email"], condition=Q(status__in=["pending", "accepted"]),
                name="invitation_one_open_per_email",
            ),
            models.UniqueConstraint(
                fields=["initiative", "user"], condition=Q(status="accepted"), name="coauthor_once_per_initiative",
            ),
        ]
        verbose_name = _("приглашение в инициативную группу")
        verbose_name_plural = _("инициативная группа")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.get_status_display()}"


class Support(models.Model):
    """One resident's vote for an initiative (at most one per resident and initiative)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["initiative", "user"], name="support_once_per_resident")]
        indexes = [models.Index(fields=["user", "-created_at"], name="support_user_recent")]
        verbose_name = _("поддержка")
        verbose_name_plural = _("поддержки")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.initiative_id}"


class Follow(models.Model):
    """A resident following an initiative's news; notifications go to followers."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["initiative", "user"], name="follow_once")]
        verbose_name = _("подписка")
        verbose_name_plural = _("подписки")

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.initiative_id}"
