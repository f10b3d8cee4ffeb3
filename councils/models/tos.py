"""Territorial public self-government (ТОС)."""

from __future__ import annotations

import datetime as dt

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.upload_fields import RandomName

from .files import pdf_checks
from .territory import District, Microdistrict


class TOS(models.Model):
    """Territorial public self-government; it exists from the registration of its charter."""

    class TerritoryKind(models.TextChoices):
        ENTRANCE = "entrance", _("подъезд")
        BUILDING = "building", _("многоквартирный дом")
        BUILDINGS = "buildings", _("группа домов")
        MICRODISTRICT = "microdistrict", _("микрорайон")
        OTHER = "other", _("иная территория")

    class Status(models.TextChoices):
        ACTIVE = "active", _("действует")
        LIQUIDATED = "liquidated", _("ликвидировано")

    # Residents take part in TOS from the age of 16 (131-FZ, art. 27).
    MIN_PARTICIPANT_AGE = 16

    name = models.CharField(_("название"), max_length=200, unique=True)
    slug = models.SlugField(_("адрес страницы"), max_length=200, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="tos_set", verbose_name=_("район"))
    microdistricts = models.ManyToManyField(
        Microdistrict, related_name="tos_set", verbose_name=_("микрорайоны"), blank=True
    )
    territory_kind = models.CharField(_("вид территории"), max_length=20, choices=TerritoryKind.choices)
    territory_description = models.TextField(_("территория: улицы и дома"))
    goals = models.TextField(_("цели и направления деятельности"), blank=True)
    charter_file = models.FileField(
        _("устав (PDF)"), upload_to=RandomName("tos/charters/", ".pdf"), blank=True, validators=pdf_checks
    )
    boundaries_decision_date = models.DateField(_("дата решения об установлении границ"), null=True, blank=True)
    boundaries_decision_number = models.CharField(_("номер решения"), max_length=50, blank=True)
    charter_registered_on = models.DateField(_("дата регистрации устава"))
    is_legal_entity = models.BooleanField(_("юридическое лицо (НКО)"), default=False)
    ogrn = models.CharField(
        _("ОГРН"), max_length=13, blank=True,
        validators=[RegexValidator(r"^\d{13}$", _("ОГРН состоит из 13 цифр."))],
    )
    chair_name = models.CharField(_("председатель"), max_length=200, blank=True)
    residents_covered = models.PositiveIntegerField(_("жителей на территории"), null=True, blank=True)
    contact_email = models.EmailField(_("e-mail ТОС"), blank=True)
    contact_phone = models.CharField(_("телефон ТОС"), max_length=30, blank=True)
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    liquidated_on = models.DateField(_("дата ликвидации"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_legal_entity=False) | ~Q(ogrn=""), name="tos_legal_entity_has_ogrn"
            ),
            models.CheckConstraint(
                condition=Q(status="active", liquidated_on__isnull=True) | Q(status="liquidated"),
                name="tos_only_liquidated_has_liquidation_date",
            ),
        ]
        verbose_name = _("ТОС")
        verbose_name_plural = _("ТОС")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:tos_detail", args=[self.slug])

    def exists_on(self, day: dt.date) -> bool:
        """A TOS exists from its charter's registration until liquidation."""
        if day < self.charter_registered_on:
            return False
        return not (self.liquidated_on and day >= self.liquidated_on)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.is_legal_entity and not self.ogrn:
            errors["ogrn"] = _("ТОС — юридическое лицо должно иметь ОГРН.")
        if self.status == self.Status.LIQUIDATED and not self.liquidated_on:
            errors["liquidated_on"] = _("Укажите дату ликвидации.")
        if self.status == self.Status.ACTIVE and self.liquidated_on:
            errors["liquidated_on"] = _("У действующего ТОС не может быть даты ликвидации.")
        if self.liquidated_on and self.charter_registered_on and self.liquidated_on < self.charter_registered_on:
            errors["liquidated_on"] = _("Дата ликвидации раньше регистрации устава.")
        if self.charter_registered_on and self.charter_registered_on > timezone.localdate():
            errors["charter_registered_on"] = _("Дата регистрации устава не может быть в будущем.")
        if errors:
            raise ValidationError(errors)
