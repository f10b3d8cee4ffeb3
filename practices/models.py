"""Best practices: standalone cases staff describe, and repeats of any practice by residents.

Implemented initiatives marked as best practices (`Initiative.is_best_practice`, set by
the initiatives' service) are the other half of the library; they are read from there,
not copied here.
"""

from __future__ import annotations

import uuid

from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.upload_fields import CleanImageField
from core.uploads import validate_image_upload


def _photo_path(instance: PracticeCase, filename: str) -> str:
    return f"practices/{uuid.uuid4().hex}.jpg"


class PracticeCaseQuerySet(models.QuerySet):
    def published(self) -> PracticeCaseQuerySet:
        return self.filter(is_published=True)


class PracticeCase(models.Model):
    """A case staff add to the library: who, the problem, what was done, the money and the results."""

    title = models.CharField(_("название"), max_length=200)
    slug = models.SlugField(_("адрес страницы"), max_length=120, unique=True)
    organisation = models.CharField(_("кто сделал"), max_length=255,
                                    help_text=_("Например: ТОС «Жигулёвское море», совет дома по ул. Жилина, 5"))
    problem = models.TextField(_("проблема"))
    solution = models.TextField(_("что сделано"))
    budget = models.DecimalField(_("бюджет, ₽"), max_digits=12, decimal_places=2, null=True, blank=True,
                                 validators=[MinValueValidator(0)])
    budget_sources = models.CharField(_("источники средств"), max_length=300, blank=True)
    partners = models.CharField(_("партнёры"), max_length=300, blank=True)
    results = models.TextField(_("результаты в цифрах"))
    how_to_repeat = models.TextField(_("как повторить"), blank=True)
    category = models.ForeignKey("initiatives.Category", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="practice_cases", verbose_name=_("категория"))
    national_project = models.ForeignKey("initiatives.NationalProject", on_delete=models.SET_NULL, null=True,
                                         blank=True, related_name="practice_cases",
                                         verbose_name=_("национальный проект"))
    district = models.ForeignKey("councils.District", on_delete=models.PROTECT, null=True, blank=True,
                                 related_name="practice_cases", verbose_name=_("район"))
    microdistrict = models.ForeignKey("councils.Microdistrict", on_delete=models.SET_NULL, null=True, blank=True,
                                      related_name="practice_cases", verbose_name=_("микрорайон"))
    year = models.PositiveSmallIntegerField(_("год"), validators=[MinValueValidator(1995), MaxValueValidator(2100)])
    # A role, never a private phone: residents reach the people through their council or manager.
    contact_role = models.CharField(
        _("к кому обратиться"), max_length=255, blank=True,
        help_text=_("Роль, а не личный телефон: например, «председатель совета ТОС через управляющего микрорайоном»"),
    )
    needs_money = models.BooleanField(_("нужны деньги"), default=False)
    needs_volunteers = models.BooleanField(_("нужны волонтёры"), default=False)
    needs_materials = models.BooleanField(_("нужны материалы"), default=False)
    needs_expertise = models.BooleanField(_("нужна экспертиза"), default=False)
    photo_before = CleanImageField(_("фото до"), upload_to=_photo_path, blank=True,
                                     validators=[validate_image_upload])
    photo_after = CleanImageField(_("фото после"), upload_to=_photo_path, blank=True,
                                    validators=[validate_image_upload])
    is_published = models.BooleanField(_("опубликована"), default=False)
    created_at = models.DateTimeField(_("создана"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    objects = PracticeCaseQuerySet.as_manager()

    class Meta:
        ordering = ["-year", "title"]
        verbose_name = _("практика")
        verbose_name_plural = _("практики")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("practices:case", args=[self.slug])


class PracticeRepeat(models.Model):
    """A new initiative draft started from a practice: the link and the repeat counter."""

    initiative = models.OneToOneField("initiatives.Initiative", on_delete=models.CASCADE,
                                      related_name="repeats_practice", verbose_name=_("новая инициатива"))
    case = models.ForeignKey(PracticeCase, on_delete=models.CASCADE, null=True, blank=True, related_name="repeats",
                             verbose_name=_("практика"))
    source_initiative = models.ForeignKey("initiatives.Initiative", on_delete=models.CASCADE, null=True, blank=True,
                                          related_name="practice_repeats", verbose_name=_("исходная инициатива"))
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        constraints = [
            models.CheckConstraint(
                name="practice_repeat_one_source",
                condition=(Q(case__isnull=False, source_initiative__isnull=True)
                           | Q(case__isnull=True, source_initiative__isnull=False)),
            ),
        ]
        verbose_name = _("повтор практики")
        verbose_name_plural = _("повторы практик")

    def __str__(self) -> str:
        return f"{self.initiative_id} ← {self.case_id or self.source_initiative_id}"
