"""API keys of partner organisations (hashed by djangorestframework-api-key, shown once)."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from rest_framework_api_key.models import AbstractAPIKey, BaseAPIKeyManager

from .organisations import PartnerOrganization


class Scope(models.TextChoices):
    READ = "read", _("чтение")
    PLEDGES_WRITE = "pledges:write", _("предложения поддержки")
    PROGRAMMES_WRITE = "programmes:write", _("программы и заявки")
    REPORTS_WRITE = "reports:write", _("отчёты по пунктам резолюции")
    WEBHOOKS_WRITE = "webhooks:write", _("адреса для уведомлений (вебхуки)")


class PartnerApiKey(AbstractAPIKey):
    """A named key with scopes; the library keeps only a prefix and a hash of the secret."""

    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.CASCADE, related_name="api_keys", verbose_name=_("партнёр")
    )
    scopes = models.JSONField(_("права"), default=list, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("кто выдал"),
    )
    last_used_at = models.DateTimeField(_("последнее использование"), null=True, blank=True, editable=False)

    objects = BaseAPIKeyManager()

    class Meta(AbstractAPIKey.Meta):
        verbose_name = _("ключ API")
        verbose_name_plural = _("ключи API")

    def has_scope(self, scope: str) -> bool:
        return scope in (self.scopes or [])

    @property
    def is_expired(self) -> bool:
        return self.expiry_date is not None and self.expiry_date < timezone.now()
