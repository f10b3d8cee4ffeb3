"""The initiative itself, its visibility and its public timeline (StatusChange)."""

from __future__ import annotations

from django.conf import settings
from django.contrib.postgres.search import SearchVectorField
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from councils.models import TOS, Council, District, Microdistrict

from .reference import Category, NationalProject, Scope


class InitiativeQuerySet(models.QuerySet):
    def public(self) -> InitiativeQuerySet:
        return self.filter(Initiative.public_q())

    def visible_to(self, user) -> InitiativeQuerySet:
        """Public initiatives, plus the user's own group's and, for staff, their district's."""
        from ..permissions import initiative_visibility_q

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

    # Visibility is built from the rules below, each written once as a query (…_q) and once
    # as a Python check on a loaded row; tests/initiatives/test_visibility_agreement.py holds
    # them (and permissions.can_view against InitiativeQuerySet.visible_to) equal on every status.

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

    @classmethod
    def visible_to_anyone_q(cls) -> Q:
        """Public, or withdrawn after publication (its page and timeline stay, saying so)."""
        return cls.public_q() | Q(status=cls.Status.WITHDRAWN, published_at__isnull=False)

    @property
    def is_visible_to_anyone(self) -> bool:
        return self.is_public or (self.status == self.Status.WITHDRAWN and self.published_at is not None)

    @classmethod
    def reached_moderation_q(cls) -> Q:
        """Moderators see what reached moderation; drafts, and drafts withdrawn unsubmitted, stay the group's."""
        return ~Q(status=cls.Status.DRAFT) & ~Q(status=cls.Status.WITHDRAWN, submitted_at__isnull=True)

    @property
    def reached_moderation(self) -> bool:
        if self.status == self.Status.DRAFT:
            return False
        return not (self.status == self.Status.WITHDRAWN and self.submitted_at is None)

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
