"""Partners' webhook endpoints and the log of deliveries to them."""

from __future__ import annotations

import uuid

from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .organisations import PartnerOrganization


class WebhookEvent(models.TextChoices):
    INITIATIVE_PUBLISHED = "initiative.published", _("инициатива опубликована")
    INITIATIVE_STATUS_CHANGED = "initiative.status_changed", _("статус инициативы изменился")
    PLEDGE_OFFERED = "pledge.offered", _("предложение поддержки отправлено")
    PLEDGE_ACCEPTED = "pledge.accepted", _("предложение поддержки принято")
    PLEDGE_DECLINED = "pledge.declined", _("предложение поддержки отклонено")
    PLEDGE_WITHDRAWN = "pledge.withdrawn", _("предложение поддержки отозвано")
    APPLICATION_RECEIVED = "programme.application_received", _("получена заявка в программу")
    APPLICATION_DECIDED = "programme.application_decided", _("решение по заявке в программу")


class WebhookEndpoint(models.Model):
    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.CASCADE, related_name="webhooks", verbose_name=_("партнёр")
    )
    url = models.URLField(_("адрес (https)"), max_length=500)
    events = models.JSONField(_("события"), default=list)
    # Needed in clear to sign each delivery; shown to the partner once, when created.
    secret = models.CharField(_("секрет"), max_length=64, editable=False)
    is_active = models.BooleanField(_("действует"), default=True)
    consecutive_failures = models.PositiveIntegerField(_("неудач подряд"), default=0, editable=False)
    disabled_at = models.DateTimeField(_("отключён автоматически"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("создан"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["partner", "id"]
        verbose_name = _("адрес для уведомлений (вебхук)")
        verbose_name_plural = _("адреса для уведомлений (вебхуки)")

    def __str__(self) -> str:
        return f"{self.partner}: {self.url}"


class WebhookDispatch(models.Model):
    """Marks an outbox event as turned into deliveries (once)."""

    event = models.OneToOneField("notifications.Event", on_delete=models.CASCADE, related_name="+")
    created_at = models.DateTimeField(default=timezone.now)

    class Meta:
        verbose_name = _("обработанное событие")
        verbose_name_plural = _("обработанные события")

    def __str__(self) -> str:
        return f"event {self.event_id}"


class WebhookDelivery(models.Model):
    class Status(models.TextChoices):
        PENDING = "pending", _("ожидает")
        SENDING = "sending", _("отправляется")
        DELIVERED = "delivered", _("доставлено")
        FAILED = "failed", _("не доставлено")

    id = models.UUIDField(primary_key=True, default=uuid.uuid4, editable=False)
    endpoint = models.ForeignKey(WebhookEndpoint, on_delete=models.CASCADE, related_name="deliveries")
    event = models.ForeignKey("notifications.Event", on_delete=models.CASCADE, related_name="+")
    event_type = models.CharField(_("событие"), max_length=50, choices=WebhookEvent.choices)
    # The exact body that is signed and sent, frozen when the delivery is created.
    body = models.TextField(_("тело запроса"))
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.PENDING)
    attempts = models.PositiveSmallIntegerField(_("попыток"), default=0)
    next_attempt_at = models.DateTimeField(_("следующая попытка"), null=True, blank=True)
    claimed_at = models.DateTimeField(null=True, blank=True, editable=False)
    response_code = models.PositiveSmallIntegerField(_("код ответа"), null=True, blank=True)
    error = models.TextField(_("ошибка"), blank=True)
    delivered_at = models.DateTimeField(_("доставлено"), null=True, blank=True)
    created_at = models.DateTimeField(_("создано"), default=timezone.now)

    class Meta:
        ordering = ["-created_at"]
        constraints = [
            # Never twice for one event and endpoint: a retried dispatch meets this key.
            models.UniqueConstraint(fields=["endpoint", "event", "event_type"], name="webhook_delivery_once"),
        ]
        indexes = [
            models.Index(fields=["next_attempt_at"], condition=Q(status__in=["pending", "sending"]),
                         name="webhook_delivery_due"),
        ]
        verbose_name = _("доставка вебхука")
        verbose_name_plural = _("журнал вебхуков")

    def __str__(self) -> str:
        return f"{self.event_type} → {self.endpoint_id}: {self.get_status_display()}"
