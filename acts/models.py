"""Normative acts on cooperation with the public, discussed point by point before adoption.

Statuses live only in `NormativeAct.Status`; every change goes through a service in
`acts.services`, which locks the row, checks the status and the actor's right and writes
an `ActStatusChange`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.core.validators import FileExtensionValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.uploads import validate_pdf_upload


def _adopted_pdf_path(instance: NormativeAct, filename: str) -> str:
    # A generated name: an uploader's file name says nothing the public needs.
    return f"acts/adopted/{timezone.localdate():%Y}/{uuid.uuid4().hex}.pdf"


class NormativeAct(models.Model):
    class Kind(models.TextChoices):
        DUMA_DECISION = "duma_decision", _("решение Думы")
        ADMINISTRATION_RESOLUTION = "administration_resolution", _("постановление администрации")
        REGULATION = "regulation", _("положение")
        PROCEDURE = "procedure", _("регламент")
        OTHER = "other", _("иной акт")

    class Status(models.TextChoices):
        PREPARING = "preparing", _("готовится к обсуждению")
        DISCUSSION = "discussion", _("на обсуждении")
        CLOSED = "closed", _("обсуждение завершено")
        ADOPTED = "adopted", _("принят")
        REJECTED = "rejected", _("отклонён")

    PUBLIC_STATUSES = (Status.DISCUSSION, Status.CLOSED, Status.ADOPTED, Status.REJECTED)

    kind = models.CharField(_("вид акта"), max_length=30, choices=Kind.choices, default=Kind.REGULATION)
    title = models.CharField(_("название"), max_length=300)
    slug = models.SlugField(_("адрес страницы"), max_length=120, unique=True)
    summary = models.TextField(_("о чём акт"), blank=True)
    drafted_by = models.CharField(
        _("разработчик"), max_length=255, help_text=_("Например: Департамент по управлению муниципальным имуществом")
    )
    # Districts the act concerns; empty means the whole city.
    districts = models.ManyToManyField(
        "councils.District", blank=True, related_name="normative_acts", verbose_name=_("касается районов")
    )
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.PREPARING,
                              db_index=True)
    discussion_starts_on = models.DateField(_("обсуждение с"), null=True, blank=True)
    discussion_ends_on = models.DateField(_("обсуждение по"), null=True, blank=True)
    number = models.CharField(_("номер"), max_length=50, blank=True)
    adopted_on = models.DateField(_("дата принятия"), null=True, blank=True)
    adopted_pdf = models.FileField(
        _("принятый текст (PDF)"), upload_to=_adopted_pdf_path, blank=True,
        validators=[FileExtensionValidator(["pdf"]), validate_pdf_upload],
    )
    summary_published_at = models.DateTimeField(_("итоги обсуждения опубликованы"), null=True, blank=True,
                                                editable=False)
    created_at = models.DateTimeField(_("создан"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    class Meta:
        ordering = ["-discussion_starts_on", "-created_at"]
        constraints = [
            models.CheckConstraint(
                name="act_discussion_window_ordered",
                condition=Q(discussion_starts_on__isnull=True) | Q(discussion_ends_on__isnull=True)
                | Q(discussion_ends_on__gte=models.F("discussion_starts_on")),
            ),
            models.CheckConstraint(
                name="act_adopted_has_date",
                condition=~Q(status="adopted") | Q(adopted_on__isnull=False),
            ),
        ]
        verbose_name = _("нормативный акт")
        verbose_name_plural = _("нормативные акты")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("acts:detail", args=[self.slug])

    @property
    def is_public(self) -> bool:
        return self.status in self.PUBLIC_STATUSES

    def discussion_open_on(self, day) -> bool:
        """Open for comments and votes: in discussion and within the window (inclusive)."""
        if self.status != self.Status.DISCUSSION:
            return False
        if self.discussion_starts_on and day < self.discussion_starts_on:
            return False
        return not (self.discussion_ends_on and day > self.discussion_ends_on)

    @property
    def is_discussion_open(self) -> bool:
        return self.discussion_open_on(timezone.localdate())

    @property
    def summary_is_published(self) -> bool:
        return self.summary_published_at is not None


class ActStatusChange(models.Model):
    """The public history of an act: who moved it where, when and why."""

    act = models.ForeignKey(NormativeAct, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("из"), max_length=20, choices=NormativeAct.Status.choices, blank=True)
    to_status = models.CharField(_("в"), max_length=20, choices=NormativeAct.Status.choices)
    actor = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                              related_name="+", verbose_name=_("кто"))
    reason = models.TextField(_("причина"), blank=True)
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("смена статуса акта")
        verbose_name_plural = _("история статусов акта")

    def __str__(self) -> str:
        return f"{self.act_id}: {self.from_status} → {self.to_status}"


class ActSection(models.Model):
    act = models.ForeignKey(NormativeAct, on_delete=models.CASCADE, related_name="sections")
    number = models.CharField(_("номер раздела"), max_length=20)
    title = models.CharField(_("заголовок раздела"), max_length=300)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("раздел акта")
        verbose_name_plural = _("разделы акта")

    def __str__(self) -> str:
        return f"{self.number}. {self.title}"


class ActPoint(models.Model):
    """One point of the text; residents comment on it and vote for or against it."""

    act = models.ForeignKey(NormativeAct, on_delete=models.CASCADE, related_name="points")
    section = models.ForeignKey(ActSection, on_delete=models.CASCADE, related_name="points",
                                verbose_name=_("раздел"))
    number = models.CharField(_("номер пункта"), max_length=20)
    text = models.TextField(_("текст пункта (проект)"))
    # The wording adopted; empty while the act is not adopted (or the point was dropped).
    adopted_text = models.TextField(_("текст пункта (принятая редакция)"), blank=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["position", "id"]
        constraints = [models.UniqueConstraint(fields=["act", "number"], name="act_point_number_unique")]
        verbose_name = _("пункт акта")
        verbose_name_plural = _("пункты акта")

    def __str__(self) -> str:
        return f"{self.number}. {self.text[:60]}"

    def save(self, *args, **kwargs) -> None:
        if self.section_id and not self.act_id:
            self.act_id = self.section.act_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("acts:point", args=[self.act.slug, self.pk])


class ActVersion(models.Model):
    """A frozen copy of the text: the draft put up for discussion, and the text adopted."""

    class Kind(models.TextChoices):
        DISCUSSED = "discussed", _("проект, вынесенный на обсуждение")
        ADOPTED = "adopted", _("принятая редакция")

    act = models.ForeignKey(NormativeAct, on_delete=models.CASCADE, related_name="versions")
    kind = models.CharField(_("редакция"), max_length=20, choices=Kind.choices)
    # [{"section": "1. Общие положения", "number": "1.1", "text": "..."}, ...]
    points = models.JSONField(_("пункты"), default=list)
    created_at = models.DateTimeField(_("зафиксирована"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        constraints = [models.UniqueConstraint(fields=["act", "kind"], name="act_version_once_per_kind")]
        verbose_name = _("редакция акта")
        verbose_name_plural = _("редакции акта")

    def __str__(self) -> str:
        return f"{self.act_id}: {self.get_kind_display()}"


class PointCommentQuerySet(models.QuerySet):
    def visible(self) -> PointCommentQuerySet:
        return self.filter(is_hidden=False)


class PointComment(models.Model):
    """A resident's comment on one point; the same rules as comments on initiatives."""

    EDIT_WINDOW = dt.timedelta(minutes=15)
    REPORTS_TO_HIDE = 3

    point = models.ForeignKey(ActPoint, on_delete=models.CASCADE, related_name="comments")
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="act_comments")
    # Replies are one level deep: a reply's parent is always a top-level comment.
    parent = models.ForeignKey("self", on_delete=models.CASCADE, null=True, blank=True, related_name="replies")
    body = models.TextField(_("комментарий"), max_length=4000)
    created_at = models.DateTimeField(_("опубликован"), default=timezone.now, editable=False)
    edited_at = models.DateTimeField(_("изменён"), null=True, blank=True, editable=False)
    is_hidden = models.BooleanField(_("скрыт"), default=False)
    awaiting_moderation = models.BooleanField(_("ждёт решения модератора"), default=False)
    hidden_reason = models.TextField(_("причина скрытия"), blank=True)
    moderated_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                                     related_name="+")
    report_count = models.PositiveSmallIntegerField(default=0, editable=False)

    objects = PointCommentQuerySet.as_manager()

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("комментарий к пункту акта")
        verbose_name_plural = _("комментарии к пунктам актов")

    def __str__(self) -> str:
        return self.body[:60]

    def editable_by(self, user, now=None) -> bool:
        now = now or timezone.now()
        return user.is_authenticated and user.pk == self.author_id and now - self.created_at <= self.EDIT_WINDOW


class PointCommentReport(models.Model):
    comment = models.ForeignKey(PointComment, on_delete=models.CASCADE, related_name="reports")
    reporter = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    reason = models.CharField(_("причина"), max_length=300, blank=True)
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["comment", "reporter"], name="act_report_once_per_comment")]
        verbose_name = _("жалоба на комментарий к акту")
        verbose_name_plural = _("жалобы на комментарии к актам")

    def __str__(self) -> str:
        return f"{self.reporter_id} reported {self.comment_id}"


class PointVote(models.Model):
    """One resident's support of or objection to one point (at most one per resident and point)."""

    class Value(models.TextChoices):
        SUPPORT = "support", _("поддерживаю")
        OBJECT = "object", _("возражаю")

    point = models.ForeignKey(ActPoint, on_delete=models.CASCADE, related_name="votes")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="act_votes")
    value = models.CharField(_("голос"), max_length=10, choices=Value.choices)
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["point", "user"], name="act_vote_once_per_resident")]
        verbose_name = _("голос по пункту")
        verbose_name_plural = _("голоса по пунктам")

    def __str__(self) -> str:
        return f"{self.user_id} {self.value} {self.point_id}"


class DiscussionSummary(models.Model):
    """Staff's answer for one point: accepted, partly accepted or declined, and why."""

    class Decision(models.TextChoices):
        ACCEPTED = "accepted", _("учтено")
        PARTLY = "partly", _("учтено частично")
        DECLINED = "declined", _("не учтено")

    point = models.OneToOneField(ActPoint, on_delete=models.CASCADE, related_name="summary",
                                 verbose_name=_("пункт"))
    decision = models.CharField(_("решение"), max_length=20, choices=Decision.choices)
    reasoning = models.TextField(_("обоснование"))
    author = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
                               related_name="+")
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        verbose_name = _("итоги обсуждения пункта")
        verbose_name_plural = _("итоги обсуждения")

    def __str__(self) -> str:
        return f"{self.point}: {self.get_decision_display()}"
