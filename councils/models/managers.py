"""Microdistrict managers (управляющие микрорайонами) and their reception hours."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .territory import District, Microdistrict


class MicrodistrictManager(models.Model):
    """A city employee responsible for microdistricts, with public work contacts only."""

    full_name = models.CharField(_("ФИО"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="manager_profile", verbose_name=_("учётная запись"),
    )
    # Linking an account grants rights on the registry's affairs (reports on resolution items,
    # answers in the microdistrict): only administrators may do it, and who did it is kept.
    user_linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("учётную запись привязал"),
    )
    user_linked_at = models.DateTimeField(_("учётная запись привязана"), null=True, blank=True, editable=False)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="managers", verbose_name=_("район"))
    microdistricts = models.ManyToManyField(Microdistrict, related_name="managers", verbose_name=_("микрорайоны"))
    work_phone = models.CharField(_("рабочий телефон"), max_length=30)
    work_email = models.EmailField(_("рабочий e-mail"))
    office_address = models.CharField(_("адрес приёмной"), max_length=255)
    reception_hours = models.TextField(_("часы приёма"), help_text=_("Например: вторник 15:00–18:00"))
    is_active = models.BooleanField(_("работает"), default=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("управляющий микрорайоном")
        verbose_name_plural = _("управляющие микрорайонами")

    def __str__(self) -> str:
        return self.full_name
