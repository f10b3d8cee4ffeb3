"""Councils, their members and meetings."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import get_private_storage
from core.upload_fields import RandomName

from .files import pdf_checks
from .territory import District, Microdistrict
from .tos import TOS


class Council(models.Model):
    """A body with members and meetings: district coordination, microdistrict public, or TOS council."""

    class Kind(models.TextChoices):
        DISTRICT_COORDINATION = "district_coordination", _("координационный совет района")
        MICRODISTRICT_PUBLIC = "microdistrict_public", _("общественный совет микрорайона")
        TOS_COUNCIL = "tos_council", _("совет ТОС")

    kind = models.CharField(_("вид"), max_length=30, choices=Kind.choices)
    name = models.CharField(_("название"), max_length=200)
    slug = models.SlugField(_("адрес страницы"), max_length=200, unique=True)
    # Every council carries its district, even when its scope is narrower, so that
    # district-scoped moderators and the district filter need no joins.
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="councils", verbose_name=_("район"))
    microdistrict = models.ForeignKey(
        Microdistrict, on_delete=models.PROTECT, related_name="councils", null=True, blank=True,
        verbose_name=_("микрорайон"),
    )
    tos = models.OneToOneField(
        TOS, on_delete=models.CASCADE, related_name="council", null=True, blank=True, verbose_name=_("ТОС")
    )
    description = models.TextField(_("описание"), blank=True)
    contact_email = models.EmailField(_("e-mail совета"), blank=True)
    contact_phone = models.CharField(_("телефон совета"), max_length=30, blank=True)
    meeting_place = models.CharField(_("место заседаний"), max_length=255, blank=True)
    is_active = models.BooleanField(_("действует"), default=True)

    class Meta:
        ordering = ["district__sort_order", "kind", "name"]
        constraints = [
            models.CheckConstraint(
                name="council_scope_matches_kind",
                condition=(
                    Q(kind="district_coordination", microdistrict__isnull=True, tos__isnull=True)
                    | Q(kind="microdistrict_public", microdistrict__isnull=False, tos__isnull=True)
                    | Q(kind="tos_council", tos__isnull=False, microdistrict__isnull=True)
                ),
            ),
            # One public council per microdistrict and one coordination council per district.
            models.UniqueConstraint(
                fields=["microdistrict"], condition=Q(kind="microdistrict_public"),
                name="council_one_public_council_per_microdistrict",
            ),
            models.UniqueConstraint(
                fields=["district"], condition=Q(kind="district_coordination"),
                name="council_one_coordination_council_per_district",
            ),
        ]
        verbose_name = _("совет")
        verbose_name_plural = _("советы")

    def __str__(self) -> str:
        return self.name

    def save(self, *args, **kwargs) -> None:
        if self.microdistrict_id and not self.district_id:
            self.district_id = self.microdistrict.district_id
        if self.tos_id and not self.district_id:
            self.district_id = self.tos.district_id
        super().save(*args, **kwargs)

    def get_absolute_url(self) -> str:
        return reverse("councils:council_detail", args=[self.slug])

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.kind == self.Kind.MICRODISTRICT_PUBLIC:
            if not self.microdistrict_id:
                errors["microdistrict"] = _("Общественный совет микрорайона относится к микрорайону.")
            if self.tos_id:
                errors["tos"] = _("Общественный совет микрорайона не относится к ТОС.")
        elif self.kind == self.Kind.TOS_COUNCIL:
            if not self.tos_id:
                errors["tos"] = _("Совет ТОС относится к ТОС.")
            if self.microdistrict_id:
                errors["microdistrict"] = _("Для совета ТОС микрорайон задаётся в самом ТОС.")
        elif self.kind == self.Kind.DISTRICT_COORDINATION and (self.microdistrict_id or self.tos_id):
            errors["microdistrict"] = _("Координационный совет относится ко всему району.")
        if errors:
            raise ValidationError(errors)
        if self.microdistrict_id and self.district_id and self.microdistrict.district_id != self.district_id:
            raise ValidationError({"district": _("Микрорайон находится в другом районе.")})
        if self.tos_id and self.district_id and self.tos.district_id != self.district_id:
            raise ValidationError({"district": _("ТОС находится в другом районе.")})



class CouncilMemberQuerySet(models.QuerySet):
    def current(self, day: dt.date | None = None) -> CouncilMemberQuerySet:
        day = day or timezone.localdate()
        return self.filter(Q(term_end__isnull=True) | Q(term_end__gte=day), term_start__lte=day)


class CouncilMember(models.Model):
    """A person on a council for a term. Only the name and role are public."""

    class Role(models.TextChoices):
        CHAIR = "chair", _("председатель")
        DEPUTY_CHAIR = "deputy_chair", _("заместитель председателя")
        SECRETARY = "secretary", _("секретарь")
        MEMBER = "member", _("член совета")

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="members", verbose_name=_("совет"))
    full_name = models.CharField(_("ФИО"), max_length=200)
    role = models.CharField(_("роль"), max_length=20, choices=Role.choices, default=Role.MEMBER)
    position = models.CharField(
        _("представляет"), max_length=255, blank=True,
        help_text=_("Например: старший по дому, депутат, школа № 45, участковый уполномоченный"),
    )
    term_start = models.DateField(_("срок полномочий с"))
    term_end = models.DateField(_("срок полномочий по"), null=True, blank=True)
    user = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="council_memberships", verbose_name=_("учётная запись"),
    )
    # Linking an account grants rights on the registry's affairs (reports on resolution items,
    # answers in the microdistrict): only administrators may do it, and who did it is kept.
    user_linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("учётную запись привязал"),
    )
    user_linked_at = models.DateTimeField(_("учётная запись привязана"), null=True, blank=True, editable=False)

    objects = CouncilMemberQuerySet.as_manager()

    ROLE_ORDER = {Role.CHAIR: 0, Role.DEPUTY_CHAIR: 1, Role.SECRETARY: 2, Role.MEMBER: 3}

    class Meta:
        ordering = ["council", "term_start", "full_name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(term_end__isnull=True) | Q(term_end__gte=models.F("term_start")),
                name="council_member_term_ends_after_start",
            ),
        ]
        verbose_name = _("член совета")
        verbose_name_plural = _("члены совета")

    def __str__(self) -> str:
        return f"{self.full_name} ({self.get_role_display()})"

    def clean(self) -> None:
        if self.term_end and self.term_start and self.term_end < self.term_start:
            raise ValidationError({"term_end": _("Срок полномочий не может закончиться раньше, чем начался.")})


class CouncilMeetingQuerySet(models.QuerySet):
    def published(self) -> CouncilMeetingQuerySet:
        return self.filter(is_published=True)


class CouncilMeeting(models.Model):
    """A meeting with agenda, minutes and decisions; public only once published."""

    council = models.ForeignKey(Council, on_delete=models.CASCADE, related_name="meetings", verbose_name=_("совет"))
    held_at = models.DateTimeField(_("дата и время"))
    place = models.CharField(_("место"), max_length=255)
    agenda = models.TextField(_("повестка"))
    minutes_file = models.FileField(
        _("протокол (PDF)"),
        upload_to=RandomName("minutes/%Y/", ".pdf"),
        storage=get_private_storage,
        blank=True,
        validators=pdf_checks,
    )
    decisions = models.TextField(_("принятые решения"), blank=True)
    is_published = models.BooleanField(_("опубликовано"), default=False)

    objects = CouncilMeetingQuerySet.as_manager()

    class Meta:
        ordering = ["-held_at"]
        verbose_name = _("заседание совета")
        verbose_name_plural = _("заседания совета")

    def __str__(self) -> str:
        return f"{self.council} — {timezone.localtime(self.held_at):%d.%m.%Y}"
