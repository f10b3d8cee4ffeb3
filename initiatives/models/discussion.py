"""Comments, their reports, official responses and progress updates."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.upload_fields import RandomName
from core.uploads import validate_pdf_upload

from .files import InitiativePhoto
from .initiative import Initiative


class CommentQuerySet(models.QuerySet):
    def visible(self) -> CommentQuerySet:
        return self.filter(is_hidden=False)


class Comment(models.Model):
    EDIT_WINDOW = dt.timedelta(minutes=15)
    REPORTS_TO_HIDE = 3

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="comments")
    # Replies are one level deep: a reply's parent is always a top-level comment.
    parent = models.ForeignKey(
        "self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies"
    )
    body = models.TextField(_("комментарий"), max_length=4000)
    created_at = models.DateTimeField(_("опубликован"), default=timezone.now, editable=False)
    edited_at = models.DateTimeField(_("изменён"), null=True, blank=True, editable=False)
    is_hidden = models.BooleanField(_("скрыт"), default=False)
    # Hidden by reports, awaiting a moderator's decision (as opposed to hidden by a moderator).
    awaiting_moderation = models.BooleanField(_("ждёт решения модератора"), default=False)
    hidden_reason = models.TextField(_("причина скрытия"), blank=True)
    moderated_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+"
    )
    report_count = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = CommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("комментарий")
        verbose_name_plural = _("комментарии")

    def __str__(self) -> str:
        return self.body[:60]

    def editable_by(self, user, now: dt.datetime | None = None) -> bool:
        now = now or timezone.now()
        return user.is_authenticated and user.pk == self.author_id and now - self.created_at <= self.EDIT_WINDOW


class CommentReport(models.Model):
    comment = models.ForeignKey(Comment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("причина"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="report_once_per_comment")]
        verbose_name = _("жалоба на комментарий")
        verbose_name_plural = _("жалобы на комментарии")

    def __str__(self) -> str:
        return f"{self.reporter_id} reported {self.comment_id}"


class OfficialResponse(models.Model):
    """The city's or a council's public answer, by staff or the microdistrict's manager."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="official_responses")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    organisation = models.CharField(
        _("от имени"), max_length=200, help_text=_("Например: Администрация Автозаводского района")
    )
    body = models.TextField(_("текст ответа"))
    attachment = models.FileField(
        _("документ (PDF)"), upload_to=RandomName("initiatives/responses/%Y/", ".pdf"), blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_upload],
    )
    created_at = models.DateTimeField(_("опубликован"), default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("официальный ответ")
        verbose_name_plural = _("официальные ответы")

    def __str__(self) -> str:
        return f"{self.organisation}: {self.body[:40]}"


class ProgressUpdate(models.Model):
    """News while an initiative is being done, with optional before/after photos."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="progress_updates")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    body = models.TextField(_("что сделано"))
    photo_before = models.ForeignKey(
        InitiativePhoto, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("фото до")
    )
    photo_after = models.ForeignKey(
        InitiativePhoto, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("фото после"),
    )
    created_at = models.DateTimeField(_("опубликовано"), default=timezone.now)

    class Meta:
        ordering = ["created_at"]
        verbose_name = _("ход реализации")
        verbose_name_plural = _("ход реализации")

    def __str__(self) -> str:
        return self.body[:60]
