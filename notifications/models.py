"""Transactional outbox for notifications.

A change writes one `Event` in its own transaction. A task expands the event
into one `Notification` per recipient (unique per event and recipient, so a
retried expansion adds nothing), and delivery tasks claim each notification's
e-mail with a conditional UPDATE, so no retry sends it twice. A periodic sweep
picks up whatever a lost task message left behind — for example when Redis was
down at the moment of the change.
"""

from __future__ import annotations

import hashlib

from django.conf import settings
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .kinds import Channel
from .registry import kind_choices


class Event(models.Model):
    kind = models.CharField(_("вид"), max_length=40, choices=kind_choices)
    # Ids and short texts the recipient resolver and the templates need; the
    # objects themselves are re-read at delivery so texts are current.
    payload = models.JSONField(_("данные"), default=dict)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(default=timezone.now, db_index=True)
    expanded_at = models.DateTimeField(null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True)
    recipient_count = models.PositiveIntegerField(default=0)

    class Meta:
        ordering = ["-created_at"]
        indexes = [
            models.Index(fields=["created_at"], condition=Q(expanded_at__isnull=True), name="event_unexpanded"),
        ]
        verbose_name = _("событие")
        verbose_name_plural = _("события (outbox)")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} #{self.pk}"


class Notification(models.Model):
    class EmailStatus(models.TextChoices):
        PENDING = "pending", _("ожидает отправки")
        SENDING = "sending", _("отправляется")
        SENT = "sent", _("отправлено")
        FAILED = "failed", _("ошибка доставки")
        SKIPPED = "skipped", _("не отправляется")

    event = models.ForeignKey(Event, on_delete=models.CASCADE, related_name="notifications")
    kind = models.CharField(_("вид"), max_length=40, choices=kind_choices)
    recipient = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True, related_name="notifications",
        verbose_name=_("получатель"),
    )
    # For people without an account yet (an invitation to an initiative group).
    email = models.EmailField(_("адрес"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    in_app = models.BooleanField(default=True)
    read_at = models.DateTimeField(null=True, blank=True)

    email_status = models.CharField(
        _("e-mail"), max_length=10, choices=EmailStatus.choices, default=EmailStatus.PENDING
    )
    email_attempts = models.PositiveSmallIntegerField(default=0)
    email_claimed_at = models.DateTimeField(null=True, blank=True)
    email_claim = models.UUIDField(null=True, blank=True, db_index=True, editable=False)
    email_next_attempt_at = models.DateTimeField(null=True, blank=True)
    email_sent_at = models.DateTimeField(null=True, blank=True)
    email_error = models.TextField(blank=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(
                fields=["event", "recipient"], condition=Q(recipient__isnull=False), name="notification_once_per_user"
            ),
            models.UniqueConstraint(
                fields=["event", "email"], condition=Q(recipient__isnull=True), name="notification_once_per_address"
            ),
            models.CheckConstraint(
                condition=Q(recipient__isnull=False) | ~Q(email=""), name="notification_has_address"
            ),
        ]
        indexes = [
            models.Index(fields=["recipient", "-created_at"], condition=Q(in_app=True), name="notification_inbox"),
            models.Index(
                fields=["email_next_attempt_at"], condition=Q(email_status__in=["pending", "sending"]),
                name="notification_email_due",
            ),
        ]
        verbose_name = _("уведомление")
        verbose_name_plural = _("уведомления")

    def __str__(self) -> str:
        return f"{self.get_kind_display()} → {self.recipient_id or '…'}"

    @property
    def url(self) -> str:
        return self.event.payload.get("url", "")


class Preference(models.Model):
    """A resident's choice for one kind and channel; absent rows mean the kind's default."""

    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="notification_prefs")
    kind = models.CharField(max_length=40, choices=kind_choices)
    channel = models.CharField(max_length=10, choices=Channel.choices)
    enabled = models.BooleanField()
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(fields=["user", "kind", "channel"], name="preference_once"),
        ]
        verbose_name = _("настройка уведомлений")
        verbose_name_plural = _("настройки уведомлений")

    def __str__(self) -> str:
        return f"{self.user_id} {self.kind}/{self.channel}={self.enabled}"


class EmailOptOut(models.Model):
    """An address whose owner (without an account) asked the portal never to write again.

    Only a SHA-256 of the lower-cased address is kept: enough to recognise it, not
    a list of addresses.
    """

    address_hash = models.CharField(max_length=64, unique=True)
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("отказ от писем")
        verbose_name_plural = _("отказы от писем")

    def __str__(self) -> str:
        return self.address_hash[:12]

    @staticmethod
    def hash(address: str) -> str:
        return hashlib.sha256(address.strip().lower().encode()).hexdigest()

    @classmethod
    def covers(cls, address: str) -> bool:
        return cls.objects.filter(address_hash=cls.hash(address)).exists()
