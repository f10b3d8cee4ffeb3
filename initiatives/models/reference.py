"""Reference data of initiatives: categories, national projects, scopes and support rules."""

from __future__ import annotations

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.translated import DefaultLanguageColumns


class Category(DefaultLanguageColumns, models.Model):
    """A sphere of city life; the first four are the ones the forum's resolution names.

    Name and description in Russian and English (initiatives/translation.py).
    """

    name = models.CharField(_("название"), max_length=100, unique=True)
    slug = models.SlugField(_("адрес"), max_length=100, unique=True)
    description = models.TextField(_("описание"), blank=True)
    named_in_resolution = models.BooleanField(_("названа в резолюции форума"), default=False)
    sort_order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("категория")
        verbose_name_plural = _("категории")

    def __str__(self) -> str:
        return self.name


class NationalProject(DefaultLanguageColumns, models.Model):
    """A federal national project an initiative can contribute to (name and description in two languages)."""

    name = models.CharField(_("название"), max_length=150, unique=True)
    slug = models.SlugField(_("адрес"), max_length=150, unique=True)
    description = models.TextField(_("описание"), blank=True)
    is_active = models.BooleanField(_("действует"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("национальный проект")
        verbose_name_plural = _("национальные проекты")

    def __str__(self) -> str:
        return self.name


class Scope(models.TextChoices):
    MICRODISTRICT = "microdistrict", _("микрорайон")
    DISTRICT = "district", _("район")
    CITY = "city", _("весь город")


class SupportRule(models.Model):
    """Staff-set defaults per scope: how many supports and how many days to collect them."""

    scope = models.CharField(_("масштаб"), max_length=20, choices=Scope.choices, unique=True)
    support_threshold = models.PositiveIntegerField(_("порог поддержки"), validators=[MinValueValidator(1)])
    collection_days = models.PositiveSmallIntegerField(
        _("дней на сбор поддержки"), validators=[MinValueValidator(7), MaxValueValidator(365)]
    )

    class Meta:
        verbose_name = _("правило сбора поддержки")
        verbose_name_plural = _("правила сбора поддержки")

    def __str__(self) -> str:
        return f"{self.get_scope_display()}: {self.support_threshold} / {self.collection_days}"
