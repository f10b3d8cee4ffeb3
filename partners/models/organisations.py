"""Partner organisations, their members, pledges of support and programmes.

Statuses of pledges and programme applications change only through the services
in `partners.services`, which lock the row, check the status and the actor's
right, and write a status-change record — like initiatives.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.core.validators import MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.upload_fields import CleanImageField
from core.uploads import THUMB_SIZE, validate_image_upload
from councils.models import District
from initiatives.models import Category, Initiative

from ..validators import validate_inn, validate_ogrn


def _logo_path(instance: PartnerOrganization, filename: str) -> str:
    # Generated names: the uploaded name says nothing we want to keep.
    return f"partners/logos/{uuid.uuid4().hex}.jpg"


class PartnerQuerySet(models.QuerySet):
    def verified(self) -> PartnerQuerySet:
        return self.filter(is_verified=True)


class PartnerOrganization(models.Model):
    class Kind(models.TextChoices):
        NGO = "ngo", _("НКО")
        BUSINESS = "business", _("бизнес")
        INSTITUTION = "institution", _("учреждение")
        MUNICIPAL = "municipal", _("муниципальная организация")
        OTHER = "other", _("другое")

    name = models.CharField(_("название"), max_length=200, unique=True)
    slug = models.SlugField(_("адрес страницы"), max_length=100, unique=True)
    kind = models.CharField(_("вид"), max_length=20, choices=Kind.choices)
    inn = models.CharField(_("ИНН"), max_length=12, unique=True, validators=[validate_inn])
    ogrn = models.CharField(_("ОГРН"), max_length=15, blank=True, validators=[validate_ogrn])
    description = models.TextField(_("о партнёре"), blank=True)
    website = models.URLField(_("сайт"), blank=True)
    # Work contacts of the organisation only: never a person's private phone or e-mail.
    work_email = models.EmailField(_("рабочий e-mail организации"), blank=True)
    work_phone = models.CharField(
        _("рабочий телефон организации"), max_length=30, blank=True,
        validators=[RegexValidator(r"^[0-9+()\- ]{5,30}$", _("Телефон: цифры, пробелы, +, скобки и дефисы."))],
    )
    address = models.CharField(_("адрес организации"), max_length=255, blank=True)
    logo = CleanImageField(
        _("логотип"), upload_to=_logo_path, blank=True, reencode_size=THUMB_SIZE, validators=[validate_image_upload],
        help_text=_("JPEG, PNG или WebP до 10 МБ; сохраняется перекодированным, без метаданных."),
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="partners", verbose_name=_("категории"))
    districts = models.ManyToManyField(District, blank=True, related_name="partners", verbose_name=_("районы"))
    # Resolution items the organisation reports on (scope reports:write of the API).
    resolution_items = models.ManyToManyField(
        "forum.ResolutionItem", blank=True, related_name="responsible_partners",
        verbose_name=_("отвечает за пункты резолюции"),
    )
    is_verified = models.BooleanField(
        _("проверен"), default=False,
        help_text=_("Только проверенные партнёры видны публично и работают через API."),
    )
    verified_at = models.DateTimeField(_("проверен когда"), null=True, blank=True, editable=False)
    created_at = models.DateTimeField(_("создан"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("изменён"), auto_now=True)

    objects = PartnerQuerySet.as_manager()

    class Meta:
        ordering = ["name"]
        verbose_name = _("партнёр")
        verbose_name_plural = _("партнёры")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("partners:detail", args=[self.slug])


class PartnerMember(models.Model):
    """An account acting for one partner organisation (role `partner_member`)."""

    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.CASCADE, related_name="members", verbose_name=_("партнёр")
    )
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.CASCADE, related_name="partner_membership",
        verbose_name=_("учётная запись"),
    )
    position = models.CharField(_("должность"), max_length=150, blank=True)
    created_at = models.DateTimeField(_("добавлен"), default=timezone.now, editable=False)

    class Meta:
        verbose_name = _("представитель партнёра")
        verbose_name_plural = _("представители партнёра")

    def __str__(self) -> str:
        return f"{self.user} @ {self.partner}"


class Pledge(models.Model):
    """A partner's offer of support to a published initiative."""

    class Kind(models.TextChoices):
        MONEY = "money", _("деньги")
        VOLUNTEERS = "volunteers", _("волонтёры")
        MATERIALS = "materials", _("материалы")
        EXPERTISE = "expertise", _("экспертиза")
        VENUE = "venue", _("площадка")

    class Status(models.TextChoices):
        OFFERED = "offered", _("предложено")
        ACCEPTED = "accepted", _("принято")
        DECLINED = "declined", _("отклонено")
        WITHDRAWN = "withdrawn", _("отозвано партнёром")

    # Statuses anyone may see on the initiative's and the partner's pages.
    PUBLIC_STATUSES = (Status.OFFERED, Status.ACCEPTED)

    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, related_name="pledges", verbose_name=_("партнёр")
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="pledges", verbose_name=_("инициатива")
    )
    kind = models.CharField(_("вид поддержки"), max_length=20, choices=Kind.choices)
    amount = models.DecimalField(
        _("сумма, ₽"), max_digits=12, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(1)]
    )
    volunteers = models.PositiveIntegerField(_("волонтёров, человек"), null=True, blank=True)
    date_from = models.DateField(_("с"), null=True, blank=True)
    date_to = models.DateField(_("по"), null=True, blank=True)
    materials = models.CharField(_("что и сколько"), max_length=300, blank=True)
    message = models.TextField(_("сообщение авторам"), max_length=2000, blank=True)
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.OFFERED)
    decision_reason = models.TextField(_("ответ авторов"), blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("кто предложил"),
    )
    created_at = models.DateTimeField(_("предложено"), default=timezone.now, editable=False)
    decided_at = models.DateTimeField(_("решение"), null=True, blank=True, editable=False)
    updated_at = models.DateTimeField(_("изменено"), auto_now=True)

    class Meta:
        ordering = ["-created_at", "-id"]
        indexes = [models.Index(fields=["initiative", "status"], name="pledge_initiative_status")]
        constraints = [
            models.CheckConstraint(
                name="pledge_money_has_amount", condition=~Q(kind="money") | Q(amount__isnull=False)
            ),
            models.CheckConstraint(
                name="pledge_volunteers_have_count", condition=~Q(kind="volunteers") | Q(volunteers__isnull=False)
            ),
        ]
        verbose_name = _("предложение поддержки")
        verbose_name_plural = _("предложения поддержки")

    def __str__(self) -> str:
        return f"{self.partner}: {self.get_kind_display()} → {self.initiative_id}"

    @property
    def summary(self) -> str:
        if self.kind == self.Kind.MONEY and self.amount is not None:
            return _("%(amount)s ₽") % {"amount": f"{self.amount:,.0f}".replace(",", " ")}
        if self.kind == self.Kind.VOLUNTEERS and self.volunteers:
            return _("%(count)s чел.") % {"count": self.volunteers}
        return self.materials


class PledgeStatusChange(models.Model):
    pledge = models.ForeignKey(Pledge, on_delete=models.CASCADE, related_name="status_changes")
    from_status = models.CharField(_("из"), max_length=20, choices=Pledge.Status.choices, blank=True)
    to_status = models.CharField(_("в"), max_length=20, choices=Pledge.Status.choices)
    actor = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("кто"),
    )
    # Set when the change came through the API (no person is behind the request).
    api_key_name = models.CharField(_("ключ API"), max_length=50, blank=True)
    reason = models.TextField(_("причина"), blank=True)
    created_at = models.DateTimeField(_("когда"), default=timezone.now)

    class Meta:
        ordering = ["created_at", "id"]
        verbose_name = _("смена статуса предложения")
        verbose_name_plural = _("история предложения")

    def __str__(self) -> str:
        return f"{self.pledge_id}: {self.from_status} → {self.to_status}"


class ProgrammeQuerySet(models.QuerySet):
    def public(self) -> ProgrammeQuerySet:
        return self.filter(partner__is_verified=True).exclude(status=Programme.Status.DRAFT)


class Programme(models.Model):
    """A partner's (or the city's) programme or grant competition initiatives apply to."""

    class Status(models.TextChoices):
        DRAFT = "draft", _("черновик")
        OPEN = "open", _("опубликована")
        CLOSED = "closed", _("закрыта")

    partner = models.ForeignKey(
        PartnerOrganization, on_delete=models.PROTECT, related_name="programmes", verbose_name=_("партнёр")
    )
    title = models.CharField(_("название"), max_length=200)
    slug = models.SlugField(_("адрес страницы"), max_length=120, unique=True)
    description = models.TextField(_("описание"))
    funding_source = models.CharField(_("источник финансирования"), max_length=255, blank=True)
    budget = models.DecimalField(
        _("бюджет, ₽"), max_digits=14, decimal_places=2, null=True, blank=True, validators=[MinValueValidator(0)]
    )
    categories = models.ManyToManyField(Category, blank=True, related_name="programmes", verbose_name=_("категории"))
    districts = models.ManyToManyField(District, blank=True, related_name="programmes", verbose_name=_("районы"))
    applications_open = models.DateField(_("приём заявок с"))
    applications_close = models.DateField(_("приём заявок по"))
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.DRAFT)
    created_at = models.DateTimeField(_("создана"), default=timezone.now, editable=False)
    updated_at = models.DateTimeField(_("изменена"), auto_now=True)

    objects = ProgrammeQuerySet.as_manager()

    class Meta:
        ordering = ["-applications_open", "-id"]
        constraints = [
            models.CheckConstraint(
                name="programme_window_ordered", condition=Q(applications_close__gte=models.F("applications_open"))
            ),
        ]
        verbose_name = _("программа партнёра")
        verbose_name_plural = _("программы партнёров")

    def __str__(self) -> str:
        return self.title

    def get_absolute_url(self) -> str:
        return reverse("partners:programme", args=[self.slug])

    def accepts_applications(self, today=None) -> bool:
        today = today or timezone.localdate()
        return self.status == self.Status.OPEN and self.applications_open <= today <= self.applications_close


class ProgrammeApplication(models.Model):
    class Status(models.TextChoices):
        SUBMITTED = "submitted", _("подана")
        ACCEPTED = "accepted", _("принята")
        REJECTED = "rejected", _("отклонена")

    programme = models.ForeignKey(
        Programme, on_delete=models.CASCADE, related_name="applications", verbose_name=_("программа")
    )
    initiative = models.ForeignKey(
        Initiative, on_delete=models.CASCADE, related_name="programme_applications", verbose_name=_("инициатива")
    )
    applicant = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("подал")
    )
    message = models.TextField(_("сопроводительное письмо"), max_length=4000, blank=True)
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.SUBMITTED)
    reason = models.TextField(_("причина решения"), blank=True)
    decided_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        verbose_name=_("кто решил"),
    )
    decided_at = models.DateTimeField(_("решение"), null=True, blank=True)
    created_at = models.DateTimeField(_("подана"), default=timezone.now, editable=False)

    class Meta:
        ordering = ["-created_at", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["programme", "initiative"], name="application_once_per_programme"),
        ]
        verbose_name = _("заявка на участие в программе")
        verbose_name_plural = _("заявки на участие в программах")

    def __str__(self) -> str:
        return f"{self.initiative_id} → {self.programme_id}"
