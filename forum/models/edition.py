"""One year's forum, its programme (sections and speakers) and the materials published after it."""

from __future__ import annotations

import uuid
from pathlib import PurePath

from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import F, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translated import DefaultLanguageColumns
from core.upload_fields import CleanFileField, CleanImageField
from core.uploads import validate_image_upload, validate_material_upload

DEFAULT_FORUM_TITLE = "Самоуправление Тольятти: от стратегии к практике"
# The same title in English: the default of `title_en` (forum/translation.py).
DEFAULT_FORUM_TITLE_EN = "Self-Government of Tolyatti: from Strategy to Practice"


def _speaker_photo_path(instance: Speaker, filename: str) -> str:
    # A generated name: the uploaded file's name may carry the person's data or the camera's.
    suffix = PurePath(filename).suffix.lower() or ".jpg"
    return f"forum/speakers/{uuid.uuid4().hex}{suffix}"


def _material_path(instance: Material, filename: str) -> str:
    suffix = PurePath(filename).suffix.lower()
    return f"forum/materials/{instance.edition.year}/{uuid.uuid4().hex}{suffix}"


class ForumEditionQuerySet(models.QuerySet):
    def not_archived(self) -> ForumEditionQuerySet:
        return self.exclude(status=ForumEdition.Status.ARCHIVED)


class ForumEdition(DefaultLanguageColumns, models.Model):
    """One year's forum «Самоуправление Тольятти: от стратегии к практике».

    Title and theme in Russian and English (forum/translation.py).
    """

    class Status(models.TextChoices):
        ANNOUNCED = "announced", _("анонсирован")
        REGISTRATION_OPEN = "registration_open", _("идёт регистрация")
        REGISTRATION_CLOSED = "registration_closed", _("регистрация закрыта")
        HELD = "held", _("состоялся")
        ARCHIVED = "archived", _("в архиве")

    # Materials and the resolution belong to a forum that has taken place.
    AFTER_FORUM_STATUSES = (Status.HELD, Status.ARCHIVED)
    # Topics for the agenda are collected while the programme can still change.
    UPCOMING_STATUSES = (Status.ANNOUNCED, Status.REGISTRATION_OPEN, Status.REGISTRATION_CLOSED)
    # Staff check people in at the door; that starts while registration is still open.
    CHECKIN_STATUSES = (Status.REGISTRATION_OPEN, Status.REGISTRATION_CLOSED, Status.HELD)

    year = models.PositiveSmallIntegerField(
        _("год"), unique=True, validators=[MinValueValidator(2000), MaxValueValidator(2100)]
    )
    title = models.CharField(_("название"), max_length=200, default=DEFAULT_FORUM_TITLE)
    theme = models.CharField(_("тема года"), max_length=255, blank=True)
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"))
    venue = models.CharField(_("место проведения"), max_length=200)
    address = models.CharField(_("адрес"), max_length=255)
    description = models.TextField(_("описание"), blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.ANNOUNCED, db_index=True
    )
    capacity = models.PositiveIntegerField(
        _("мест для участников"), validators=[MinValueValidator(1)],
        help_text=_("Сверх этого числа участники попадают в лист ожидания."),
    )
    # The day the «tomorrow» reminder went out, claimed with a conditional UPDATE
    # by forum.services.send_reminders: a second run that day sends nothing, and
    # a forum moved to a later date is reminded of again the day before it.
    reminder_sent_on = models.DateField(_("напоминание отправлено"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("создан"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    objects = ForumEditionQuerySet.as_manager()

    class Meta:
        ordering = ["-year"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="forum_edition_ends_after_start"),
            models.CheckConstraint(condition=Q(capacity__gte=1), name="forum_edition_capacity_positive"),
        ]
        verbose_name = _("форум")
        verbose_name_plural = _("форумы")

    def __str__(self) -> str:
        return f"{self.year} — {self.title}"

    def get_absolute_url(self) -> str:
        return reverse("forum:edition", args=[self.year])

    @property
    def is_registration_open(self) -> bool:
        return self.status == self.Status.REGISTRATION_OPEN

    @property
    def is_over(self) -> bool:
        return self.status in self.AFTER_FORUM_STATUSES

    @property
    def is_upcoming(self) -> bool:
        return self.status in self.UPCOMING_STATUSES

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Форум должен закончиться позже, чем начался.")})
        if self.starts_at and self.year and timezone.localtime(self.starts_at).year != self.year:
            raise ValidationError({"starts_at": _("Дата начала должна относиться к году форума.")})


class Speaker(models.Model):
    """A person who speaks at a section; the same person may speak in several years."""

    name = models.CharField(_("ФИО"), max_length=200)
    position = models.CharField(_("должность"), max_length=255, blank=True)
    organisation = models.CharField(_("организация"), max_length=255, blank=True)
    photo = CleanImageField(
        _("фото"), upload_to=_speaker_photo_path, blank=True, validators=[validate_image_upload]
    )

    class Meta:
        ordering = ["name", "id"]
        constraints = [
            models.UniqueConstraint(fields=["name", "organisation"], name="forum_speaker_unique_name_org"),
        ]
        verbose_name = _("докладчик")
        verbose_name_plural = _("докладчики")

    def __str__(self) -> str:
        return f"{self.name} ({self.organisation})" if self.organisation else self.name


class Section(DefaultLanguageColumns, models.Model):
    """A part of the forum's programme (площадка), with its own room and, optionally, its own limit.

    The title in Russian and English (forum/translation.py).
    """

    edition = models.ForeignKey(
        ForumEdition, on_delete=models.CASCADE, related_name="sections", verbose_name=_("форум")
    )
    title = models.CharField(_("название"), max_length=255)
    description = models.TextField(_("описание"), blank=True)
    moderators = models.TextField(
        _("модераторы"), blank=True, help_text=_("ФИО и должности, по одному в строке.")
    )
    speakers = models.ManyToManyField(Speaker, related_name="sections", blank=True, verbose_name=_("докладчики"))
    starts_at = models.DateTimeField(_("начало"))
    ends_at = models.DateTimeField(_("окончание"))
    room = models.CharField(_("зал"), max_length=120, blank=True)
    # Empty: the section is limited only by the forum's own capacity (e.g. the plenary in the main hall).
    capacity = models.PositiveIntegerField(
        _("мест на площадке"), null=True, blank=True, validators=[MinValueValidator(1)],
        help_text=_("Пусто — без отдельного ограничения."),
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["starts_at", "id"]
        constraints = [
            models.CheckConstraint(condition=Q(ends_at__gt=F("starts_at")), name="forum_section_ends_after_start"),
            models.CheckConstraint(
                condition=Q(capacity__isnull=True) | Q(capacity__gte=1), name="forum_section_capacity_positive"
            ),
        ]
        verbose_name = _("площадка")
        verbose_name_plural = _("площадки")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if self.starts_at and self.ends_at and self.ends_at <= self.starts_at:
            raise ValidationError({"ends_at": _("Площадка должна закончиться позже, чем началась.")})

    @property
    def moderator_lines(self) -> list[str]:
        return [line.strip() for line in self.moderators.splitlines() if line.strip()]


class Material(models.Model):
    """A presentation, photo album, video or document published after the forum."""

    class Kind(models.TextChoices):
        PRESENTATION = "presentation", _("презентация")
        PHOTO = "photo", _("фото")
        VIDEO = "video", _("видеозапись")
        DOCUMENT = "document", _("документ")

    edition = models.ForeignKey(
        ForumEdition, on_delete=models.CASCADE, related_name="materials", verbose_name=_("форум")
    )
    section = models.ForeignKey(
        Section, on_delete=models.SET_NULL, null=True, blank=True, related_name="materials",
        verbose_name=_("площадка"),
    )
    title = models.CharField(_("название"), max_length=255)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    file = CleanFileField(
        _("файл"), upload_to=_material_path, blank=True, reencode_size=(2400, 2400),  # posters stay legible
        validators=[FileExtensionValidator(["pdf", "pptx", "odp", "jpg", "jpeg", "png"]), validate_material_upload],
    )
    url = models.URLField(_("ссылка"), blank=True, help_text=_("Например, на видеозапись или фотоальбом."))
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [
            models.CheckConstraint(condition=~Q(file="") | ~Q(url=""), name="forum_material_has_file_or_url"),
        ]
        verbose_name = _("материал")
        verbose_name_plural = _("материалы")

    def __str__(self) -> str:
        return self.title

    def clean(self) -> None:
        if not self.file and not self.url:
            raise ValidationError(_("Загрузите файл или укажите ссылку."))
        if self.section_id and self.edition_id and self.section.edition_id != self.edition_id:
            raise ValidationError({"section": _("Площадка относится к другому форуму.")})

    @property
    def href(self) -> str:
        return self.file.url if self.file else self.url
