"""Citizen initiatives: from a resident's draft to an implemented best practice.

Statuses live only in `Initiative.Status`; every change of status goes through a
service in `initiatives.services.transitions`, which writes a `StatusChange`.
"""

from __future__ import annotations

import datetime as dt
import uuid

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import TOS, Council, District, Microdistrict

from .storage import PRIVATE_PREFIX, get_initiative_file_storage


class Category(models.Model):
    """A sphere of city life; the first four are the ones the forum's resolution names."""

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


class NationalProject(models.Model):
    """A federal national project an initiative can contribute to."""

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


class InitiativeQuerySet(models.QuerySet):
    def public(self) -> InitiativeQuerySet:
        return self.filter(Initiative.public_q())

    def visible_to(self, user) -> InitiativeQuerySet:
        """Public initiatives, plus the user's own group's and, for staff, their district's."""
        from .permissions import initiative_visibility_q

        return self.filter(initiative_visibility_q(user))


class Initiative(models.Model):
    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        MODERATION = "moderation", _("на модерации")
        REVISION = "revision", _("на доработке")
        PUBLISHED = "published", _("сбор поддержки")
        CONSIDERATION = "consideration", _("на рассмотрении")
        ACCEPTED = "accepted", _("принята")
        IN_PROGRESS = "in_progress", _("реализуется")
        IMPLEMENTED = "implemented", _("реализована")
        REJECTED = "rejected", _("отклонена")
        WITHDRAWN = "withdrawn", _("отозвана автором")
        EXPIRED = "expired", _("срок сбора истёк")

    # Statuses anyone may see; drafts and the moderation loop stay inside the group and staff.
    PUBLIC_STATUSES = (
        Status.PUBLISHED, Status.CONSIDERATION, Status.ACCEPTED, Status.IN_PROGRESS, Status.IMPLEMENTED,
        Status.REJECTED, Status.EXPIRED,
    )
    # Statuses in which the group may still edit the text.
    EDITABLE_STATUSES = (Status.DRAFT, Status.REVISION)

    MAX_PHOTOS = 10

    title = models.CharField(_("название"), max_length=150)
    summary = models.CharField(_("кратко"), max_length=300, help_text=_("Одно-два предложения: что и зачем."))
    description = models.TextField(_("описание"), blank=True)
    category = models.ForeignKey(
        Category, on_delete=models.PROTECT, null=True, blank=True, related_name="initiatives",
        verbose_name=_("категория"),
    )
    national_project = models.ForeignKey(
        NationalProject, on_delete=models.SET_NULL, null=True, blank=True, related_name="initiatives",
        verbose_name=_("национальный проект"),
    )
    scope = models.CharField(_("масштаб"), max_length=20, choices=Scope.choices, default=Scope.MICRODISTRICT)
    district = models.ForeignKey(
        District, on_delete=models.PROTECT, null=True, blank=True, related_name="initiatives",
        verbose_name=_("район"),
    )
    microdistrict = models.ForeignKey(
        Microdistrict, on_delete=models.PROTECT, null=True, blank=True, related_name="initiatives",
        verbose_name=_("микрорайон"),
    )
    tos = models.ForeignKey(
        TOS, on_delete=models.SET_NULL, null=True, blank=True, related_name="initiatives", verbose_name=_("ТОС")
    )
    address = models.CharField(_("адрес или место"), max_length=255, blank=True)
    latitude = models.DecimalField(
        _("широта"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(53.3), MaxValueValidator(53.7)],
    )
    longitude = models.DecimalField(
        _("долгота"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(49.1), MaxValueValidator(49.8)],
    )
    estimated_budget = models.DecimalField(
        _("оценка стоимости, ₽"), max_digits=12, decimal_places=2, null=True, blank=True,
        validators=[MinValueValidator(0)],
    )
    needs_money = models.BooleanField(_("нужны деньги"), default=False)
    needs_volunteers = models.BooleanField(_("нужны волонтёры"), default=False)
    needs_materials = models.BooleanField(_("нужны материалы"), default=False)
    needs_expertise = models.BooleanField(_("нужна экспертиза"), default=False)
    resources_description = models.TextField(_("что нужно подробнее"), blank=True)

    author = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="initiatives", verbose_name=_("автор")
    )
    status = models.CharField(
        _("статус"), max_length=20, choices=Status.choices, default=Status.DRAFT, db_index=True
    )
    support_threshold = models.PositiveIntegerField(_("порог поддержки"), null=True, blank=True)
    collection_deadline = models.DateField(_("сбор поддержки до"), null=True, blank=True)
    # Denormalised count of Support rows, kept exact by the support services under a row lock.
    support_count = models.PositiveIntegerField(_("поддержали"), default=0, editable=False)
    forwarded_to = models.ForeignKey(
        Council, on_delete=models.SET_NULL, null=True, blank=True, related_name="forwarded_initiatives",
        verbose_name=_("передана в совет"),
    )
    # The city's plan for doing an accepted initiative; shown on its page and in the work plan.
    planned_start = models.DateField(_("реализация: план с"), null=True, blank=True)
    planned_end = models.DateField(_("реализация: план по"), null=True, blank=True)
    is_best_practice = models.BooleanField(_("лучшая практика"), default=False)
    best_practice_summary = models.TextField(_("лучшая практика: как повторить"), blank=True)

    created_at = models.DateTimeField(_("создана"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)
    submitted_at = models.DateTimeField(_("отправлена на модерацию"), null=True, blank=True, editable=False)
    published_at = models.DateTimeField(_("опубликована"), null=True, blank=True, editable=False)
    # Maintained by a PostgreSQL trigger (migration 0002); empty on SQLite.
    search_vector = SearchVectorField(null=True, editable=False)

    objects = InitiativeQuerySet.as_manager()

    class Meta:
        ordering = ["-published_at", "-created_at"]
        indexes = [
            # The public list's two main orders have partial indexes over the public
            # statuses on PostgreSQL (migration 0005; SQLite cannot index NULLS LAST).
            models.Index(fields=["status", "-published_at"], name="initiative_status_published"),
            models.Index(fields=["status", "-support_count"], name="initiative_status_support"),
            models.Index(fields=["status", "collection_deadline"], name="initiative_status_deadline"),
            # The best-practices library reads a few hundred of 100,000 rows.
            models.Index(fields=["status"], condition=Q(is_best_practice=True), name="initiative_best_practices"),
        ]
        constraints = [
            models.CheckConstraint(
                name="initiative_scope_has_place",
                condition=(
                    Q(scope="city")
                    | Q(scope="district", district__isnull=False)
                    | Q(scope="microdistrict", microdistrict__isnull=False, district__isnull=False)
                    | Q(status="draft")
                ),
            ),
            models.CheckConstraint(
                name="initiative_planned_dates_ordered",
                condition=Q(planned_start__isnull=True) | Q(planned_end__isnull=True)
                | Q(planned_end__gte=models.F("planned_start")),
            ),
            models.CheckConstraint(
                name="initiative_best_practice_is_implemented",
                condition=Q(is_best_practice=False) | Q(status="implemented"),
            ),
        ]
        verbose_name = _("инициатива")
        verbose_name_plural = _("инициативы")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("initiatives:detail", args=[self.pk])

    @classmethod
    def public_q(cls) -> Q:
        """What anyone may see. A rejection at moderation (never published) stays with the
        group and staff: the text did not pass moderation and the reason is for the author."""
        return Q(status__in=cls.PUBLIC_STATUSES) & ~Q(status=cls.Status.REJECTED, published_at__isnull=True)

    @property
    def is_public(self) -> bool:
        if self.status == self.Status.REJECTED and self.published_at is None:
            return False
        return self.status in self.PUBLIC_STATUSES

    @property
    def is_collecting(self) -> bool:
        return self.status == self.Status.PUBLISHED

    @property
    def progress_percent(self) -> int:
        if not self.support_threshold:
            return 0
        return min(100, round(100 * self.support_count / self.support_threshold))

    @property
    def supports_missing(self) -> int:
        return max(0, (self.support_threshold or 0) - self.support_count)

    @property
    def days_left(self) -> int | None:
        if not self.collection_deadline or not self.is_collecting:
            return None
        return max(0, (self.collection_deadline - timezone.localdate()).days)

    @property
    def place_label(self) -> str:
        if self.scope == Scope.CITY:
            return str(_("весь город"))
        if self.microdistrict_id:
            return f"{self.microdistrict}, {self.district}"
        return str(self.district or "")


class StatusChange(models.Model):
    """The public timeline of an initiative: who moved it where, when and why."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("из"), max_length=20, choices=Initiative.Status.choices, blank=True)
    to_status = models.CharField(_("в"), max_length=20, choices=Initiative.Status.choices)
    # Null actor: the system (threshold reached, deadline passed).
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("кто"),
    )
    reason = models.TextField(_("причина"), blank=True)
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("смена статуса")
        verbose_name_plural = _("история статусов")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.from_status} → {self.to_status}"


def _where(instance: InitiativePhoto | InitiativeDocument) -> str:
    # Files of an initiative that is not public go to the private storage (initiatives.storage);
    # publication moves them.
    return "" if instance.initiative.is_public else PRIVATE_PREFIX


def _photo_path(instance: InitiativePhoto, filename: str) -> str:
    # Generated names: the uploader's file name may carry personal data.
    return f"{_where(instance)}initiatives/photos/{instance.initiative_id}/{uuid.uuid4().hex}.jpg"


def _thumb_path(instance: InitiativePhoto, filename: str) -> str:
    return f"{_where(instance)}initiatives/photos/{instance.initiative_id}/thumbs/{uuid.uuid4().hex}.jpg"


def _document_path(instance: InitiativeDocument, filename: str) -> str:
    return f"{_where(instance)}initiatives/documents/{instance.initiative_id}/{uuid.uuid4().hex}.pdf"


class InitiativePhoto(models.Model):
    """A re-encoded photo (metadata stripped) in display size, with a thumbnail."""

    class Kind(models.TextChoices):
        GALLERY = "gallery", _("фото")
        BEFORE = "before", _("до")
        AFTER = "after", _("после")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="photos")
    kind = models.CharField(_("вид"), max_length=10, choices=Kind.choices, default=Kind.GALLERY)
    image = models.ImageField(
        _("фото"), upload_to=_photo_path, width_field="width", height_field="height",
        storage=get_initiative_file_storage,
    )
    thumbnail = models.ImageField(_("миниатюра"), upload_to=_thumb_path, storage=get_initiative_file_storage)
    width = models.PositiveIntegerField(editable=False, default=0)
    height = models.PositiveIntegerField(editable=False, default=0)
    caption = models.CharField(_("подпись"), max_length=200, blank=True)
    position = models.PositiveSmallIntegerField(_("порядок"), default=0)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("загружено"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["position", "id"]
        verbose_name = _("фото инициативы")
        verbose_name_plural = _("фото инициативы")

    def __str__(self) -> str:
        return self.caption or f"#{self.pk}"


class InitiativeDocument(models.Model):
    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="documents")
    title = models.CharField(_("название документа"), max_length=200)
    file = models.FileField(
        _("файл (PDF)"), upload_to=_document_path, validators=[FileExtensionValidator(["pdf"])],
        storage=get_initiative_file_storage,
    )
    size = models.PositiveIntegerField(default=0, editable=False)
    uploaded_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+")
    created_at = models.DateTimeField(_("загружено"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("документ инициативы")
        verbose_name_plural = _("документы инициативы")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        # Never the file's own URL: the view checks access and serves a sandboxed attachment.
        return reverse("initiatives:document_file", args=[self.initiative_id, self.pk])


def _invitation_expiry() -> dt.datetime:
    return timezone.now() + dt.timedelta(days=14)


class CoauthorInvitation(models.Model):
    """An invitation to join the initiative group; the invitee becomes a co-author on accepting."""

    class Status(models.TextChoices):
        PENDING = "pending", _("ожидает ответа")
        ACCEPTED = "accepted", _("принято")
        DECLINED = "declined", _("отклонено")
        REVOKED = "revoked", _("отозвано")

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="invitations")
    # The address is needed only to deliver the invitation; it is never shown publicly.
    email = models.EmailField(_("e-mail приглашённого"))
    token = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    invited_by = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="+")
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, null=True, blank=True,
        related_name="coauthorships", verbose_name=_("соавтор"),
    )
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.PENDING)
    created_at = models.DateTimeField(_("отправлено"), default=timezone.now, editable=False)
    expires_at = models.DateTimeField(_("действует до"), default=_invitation_expiry)
    answered_at = models.DateTimeField(_("ответ получен"), null=True, blank=True)

    class Meta:
        ordering = ["created_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["initiative", "email"], condition=Q(status__in=["pending", "accepted"]),
                name="invitation_one_open_per_email",
            ),
            models.UniqueConstraint(
                fields=["initiative", "user"], condition=Q(status="accepted"), name="coauthor_once_per_initiative",
            ),
        ]
        verbose_name = _("приглашение в инициативную группу")
        verbose_name_plural = _("инициативная группа")

    def __str__(self) -> str:
        return f"{self.initiative_id}: {self.get_status_display()}"


class Support(models.Model):
    """One resident's vote for an initiative (at most one per resident and initiative)."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="supports")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="supports")
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["initiative", "user"], name="support_once_per_resident")]
        indexes = [models.Index(fields=["user", "-created_at"], name="support_user_recent")]
        verbose_name = _("поддержка")
        verbose_name_plural = _("поддержки")

    def __str__(self) -> str:
        return f"{self.user_id} → {self.initiative_id}"


class Follow(models.Model):
    """A resident following an initiative's news; notifications go to followers."""

    initiative = models.ForeignKey(Initiative, on_delete=models.CASCADE, related_name="follows")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="follows")
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["initiative", "user"], name="follow_once")]
        verbose_name = _("подписка")
        verbose_name_plural = _("подписки")

    def __str__(self) -> str:
        return f"{self.user_id} follows {self.initiative_id}"


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
        _("документ (PDF)"), upload_to="initiatives/responses/%Y/", blank=True,
        validators=[FileExtensionValidator(["pdf"])],
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
