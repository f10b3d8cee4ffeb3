"""What a forum adopted, item by item, and the reports on how each item is carried out."""

from __future__ import annotations

import uuid
from collections.abc import Iterable

from django.conf import settings
from django.core.validators import FileExtensionValidator, MaxValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.translated import DefaultLanguageColumns
from core.uploads import validate_pdf_upload

from .edition import ForumEdition


def _report_file_path(instance: ProgressReport, filename: str) -> str:
    return f"forum/reports/{timezone.localdate():%Y}/{uuid.uuid4().hex}.pdf"


class Resolution(DefaultLanguageColumns, models.Model):
    """What one forum adopted; the title in Russian and English (forum/translation.py), the text as adopted."""

    edition = models.OneToOneField(
        ForumEdition, on_delete=models.CASCADE, related_name="resolution", verbose_name=_("форум")
    )
    title = models.CharField(_("заголовок"), max_length=255)
    preamble = models.TextField(_("преамбула"), help_text=_("Абзацы разделяются пустой строкой."))
    # The lead-in sentences of the two parts, kept verbatim from the adopted text.
    decisions_intro = models.CharField(_("вводная фраза решений"), max_length=255, blank=True)
    recommendations_intro = models.CharField(_("вводная фраза рекомендаций"), max_length=500, blank=True)
    adopted_on = models.DateField(_("дата принятия"))

    class Meta:
        ordering = ["-adopted_on"]
        verbose_name = _("резолюция")
        verbose_name_plural = _("резолюции")

    def __str__(self) -> str:
        return f"{self.title} ({self.edition.year})"

    def get_absolute_url(self) -> str:
        return reverse("forum:resolution", args=[self.edition.year])

    @property
    def preamble_paragraphs(self) -> list[str]:
        return [p.strip() for p in self.preamble.split("\n\n") if p.strip()]


class ResolutionItem(models.Model):
    """One decision («решили») or recommendation («целесообразно») with its owners and progress."""

    class Kind(models.TextChoices):
        DECISION = "decision", _("решили")
        RECOMMENDATION = "recommendation", _("целесообразно")

    class Status(models.TextChoices):
        NOT_STARTED = "not_started", _("не начато")
        IN_PROGRESS = "in_progress", _("выполняется")
        DONE = "done", _("выполнено")
        CANCELLED = "cancelled", _("отменено")

    resolution = models.ForeignKey(
        Resolution, on_delete=models.CASCADE, related_name="items", verbose_name=_("резолюция")
    )
    number = models.PositiveSmallIntegerField(_("номер"))
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    text = models.TextField(_("текст"))
    responsible_councils = models.ManyToManyField(
        "councils.Council", related_name="resolution_items", blank=True, verbose_name=_("ответственные советы")
    )
    responsible_organisations = models.TextField(
        _("ответственные организации"), blank=True, help_text=_("Например: Администрация городского округа Тольятти")
    )
    deadline = models.DateField(_("срок"), null=True, blank=True)
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.NOT_STARTED, db_index=True
    )
    progress_percent = models.PositiveSmallIntegerField(
        _("выполнено, %"), default=0, validators=[MaxValueValidator(100)]
    )
    initiatives = models.ManyToManyField(
        "initiatives.Initiative", related_name="resolution_items", blank=True,
        verbose_name=_("связанные инициативы"),
    )
    # For «проводить Форум ежегодно»: the edition that carries the item out.
    next_edition = models.ForeignKey(
        ForumEdition, on_delete=models.SET_NULL, null=True, blank=True, related_name="fulfils_items",
        verbose_name=_("следующий форум"),
    )
    # The deadline the «deadline approaching» notice was sent for, claimed with a
    # conditional UPDATE by forum.services.send_resolution_deadline_notices: the
    # notice goes once per deadline, and a deadline moved later gets its own.
    deadline_notice_for = models.DateField(
        _("напоминание о сроке отправлено для срока"), null=True, blank=True, editable=False
    )
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        ordering = ["resolution", "number"]
        constraints = [
            models.UniqueConstraint(fields=["resolution", "number"], name="forum_resolution_item_number_unique"),
            models.CheckConstraint(condition=Q(progress_percent__lte=100), name="forum_item_percent_at_most_100"),
        ]
        verbose_name = _("пункт резолюции")
        verbose_name_plural = _("пункты резолюции")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:80]}"

    @property
    def effective_percent(self) -> int:
        """What the item contributes to the overall progress: a done item is complete whatever was typed."""
        return 100 if self.status == self.Status.DONE else self.progress_percent


def overall_progress(items: Iterable[ResolutionItem]) -> int | None:
    """Average completion of the items still in force; cancelled items don't count, done ones count 100.

    None when nothing is in force, so a page can say «нет данных» rather than a misleading 0 %.
    """
    values = [item.effective_percent for item in items if item.status != ResolutionItem.Status.CANCELLED]
    if not values:
        return None
    return round(sum(values) / len(values))


class ProgressReport(models.Model):
    """A dated report on an item; it may move the item's status and percent (via the service)."""

    item = models.ForeignKey(
        ResolutionItem, on_delete=models.CASCADE, related_name="reports", verbose_name=_("пункт резолюции")
    )
    reported_on = models.DateField(_("дата"), default=timezone.localdate)
    text = models.TextField(_("что сделано"))
    evidence_url = models.URLField(_("ссылка на подтверждение"), blank=True)
    evidence_file = models.FileField(
        _("документ (PDF)"), upload_to=_report_file_path, blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_upload],
    )
    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("автор"),
    )
    # What the report changed, kept so the history reads «выполняется, 40 %» at each date.
    new_status = models.CharField(
        _("новый статус пункта"), max_length=20, choices=ResolutionItem.Status.choices, blank=True
    )
    new_percent = models.PositiveSmallIntegerField(
        _("новый процент выполнения"), null=True, blank=True, validators=[MaxValueValidator(100)]
    )
    created_at = models.DateTimeField(default=timezone.now, editable=False)

    class Meta:
        ordering = ["-reported_on", "-id"]
        verbose_name = _("отчёт об исполнении")
        verbose_name_plural = _("отчёты об исполнении")

    def __str__(self) -> str:
        return f"{self.reported_on:%d.%m.%Y}: {self.text[:60]}"
