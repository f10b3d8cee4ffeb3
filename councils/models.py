"""The civic structure of Tolyatti: districts, microdistricts, councils, TOS, managers."""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.core.exceptions import ValidationError
from django.core.validators import FileExtensionValidator, MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.db.models import Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.storage import get_private_storage
from core.uploads import validate_pdf_upload

from .addresses import normalize_house, normalize_street

pdf_only = FileExtensionValidator(allowed_extensions=["pdf"])
# Staff uploads are judged by their bytes too, as residents' documents are.
pdf_checks = [pdf_only, validate_pdf_upload]


class District(models.Model):
    """One of the city's three districts (районы)."""

    name = models.CharField(_("название"), max_length=100, unique=True)
    slug = models.SlugField(_("адрес страницы"), max_length=100, unique=True)
    population = models.PositiveIntegerField(_("население"), null=True, blank=True)
    description = models.TextField(_("описание"), blank=True)
    sort_order = models.PositiveSmallIntegerField(_("порядок"), default=0)

    class Meta:
        ordering = ["sort_order", "name"]
        verbose_name = _("район")
        verbose_name_plural = _("районы")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:district", args=[self.slug])


class Microdistrict(models.Model):
    """A part of a district with 2–7 thousand residents; in Avtozavodsky, a numbered quarter."""

    district = models.ForeignKey(
        District, on_delete=models.PROTECT, related_name="microdistricts", verbose_name=_("район")
    )
    name = models.CharField(_("название"), max_length=120)
    slug = models.SlugField(_("адрес страницы"), max_length=120, unique=True)
    # Numbered quarters sort by number («2 квартал» before «10 квартал»).
    number = models.PositiveSmallIntegerField(_("номер квартала"), null=True, blank=True)
    latitude = models.DecimalField(
        _("широта центра"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-90), MaxValueValidator(90)],
    )
    longitude = models.DecimalField(
        _("долгота центра"), max_digits=9, decimal_places=6, null=True, blank=True,
        validators=[MinValueValidator(-180), MaxValueValidator(180)],
    )
    boundary = models.JSONField(_("граница (GeoJSON)"), null=True, blank=True)
    population = models.PositiveIntegerField(_("население, оценка"), null=True, blank=True)
    description = models.TextField(_("описание"), blank=True)

    class Meta:
        ordering = ["district__sort_order", "number", "name"]
        constraints = [
            models.UniqueConstraint(fields=["district", "name"], name="microdistrict_unique_name_in_district"),
        ]
        verbose_name = _("микрорайон")
        verbose_name_plural = _("микрорайоны")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:microdistrict", args=[self.slug])

    def clean(self) -> None:
        if self.boundary is not None:
            geometry = self.boundary.get("geometry", self.boundary) if isinstance(self.boundary, dict) else None
            if not isinstance(geometry, dict) or geometry.get("type") not in {"Polygon", "MultiPolygon"}:
                raise ValidationError({"boundary": _("Граница должна быть GeoJSON-объектом Polygon или MultiPolygon.")})
        if (self.latitude is None) != (self.longitude is None):
            raise ValidationError(_("Укажите обе координаты центра или ни одной."))


class Building(models.Model):
    """A street address inside a microdistrict; the address finder matches against these."""

    microdistrict = models.ForeignKey(
        Microdistrict, on_delete=models.CASCADE, related_name="buildings", verbose_name=_("микрорайон")
    )
    street = models.CharField(_("улица"), max_length=150, help_text=_("Например: бульвар Татищева"))
    house = models.CharField(_("дом"), max_length=20, help_text=_("Например: 12, 12А, 12 к1"))
    # Normalised forms make «б-р Татищева, д. 12а» and «бульвар Татищева 12А» the same address.
    street_key = models.CharField(max_length=150, editable=False, db_index=True)
    house_key = models.CharField(max_length=20, editable=False)

    class Meta:
        ordering = ["street", "house"]
        constraints = [
            models.UniqueConstraint(fields=["street_key", "house_key"], name="building_unique_address"),
        ]
        verbose_name = _("дом")
        verbose_name_plural = _("дома")

    def __str__(self) -> str:
        return f"{self.street}, {self.house}"

    def save(self, *args, **kwargs) -> None:
        self.street_key = normalize_street(self.street)
        self.house_key = normalize_house(self.house)
        super().save(*args, **kwargs)

    def validate_unique(self, exclude=None) -> None:
        self.street_key = normalize_street(self.street)
        self.house_key = normalize_house(self.house)
        super().validate_unique(exclude=exclude)
        clash = Building.objects.filter(street_key=self.street_key, house_key=self.house_key).exclude(pk=self.pk)
        if clash.exists():
            raise ValidationError(_("Этот адрес уже относится к другому микрорайону."))


class TOS(models.Model):
    """Territorial public self-government; it exists from the registration of its charter."""

    class TerritoryKind(models.TextChoices):
        ENTRANCE = "entrance", _("подъезд")
        BUILDING = "building", _("многоквартирный дом")
        BUILDINGS = "buildings", _("группа домов")
        MICRODISTRICT = "microdistrict", _("микрорайон")
        OTHER = "other", _("иная территория")

    class Status(models.TextChoices):
        ACTIVE = "active", _("действует")
        LIQUIDATED = "liquidated", _("ликвидировано")

    # Residents take part in TOS from the age of 16 (131-FZ, art. 27).
    MIN_PARTICIPANT_AGE = 16

    name = models.CharField(_("название"), max_length=200, unique=True)
    slug = models.SlugField(_("адрес страницы"), max_length=200, unique=True)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="tos_set", verbose_name=_("район"))
    microdistricts = models.ManyToManyField(
        Microdistrict, related_name="tos_set", verbose_name=_("микрорайоны"), blank=True
    )
    territory_kind = models.CharField(_("вид территории"), max_length=20, choices=TerritoryKind.choices)
    territory_description = models.TextField(_("территория: улицы и дома"))
    goals = models.TextField(_("цели и направления деятельности"), blank=True)
    charter_file = models.FileField(
        _("устав (PDF)"), upload_to="tos/charters/", blank=True, validators=pdf_checks
    )
    boundaries_decision_date = models.DateField(_("дата решения об установлении границ"), null=True, blank=True)
    boundaries_decision_number = models.CharField(_("номер решения"), max_length=50, blank=True)
    charter_registered_on = models.DateField(_("дата регистрации устава"))
    is_legal_entity = models.BooleanField(_("юридическое лицо (НКО)"), default=False)
    ogrn = models.CharField(
        _("ОГРН"), max_length=13, blank=True,
        validators=[RegexValidator(r"^\d{13}$", _("ОГРН состоит из 13 цифр."))],
    )
    chair_name = models.CharField(_("председатель"), max_length=200, blank=True)
    residents_covered = models.PositiveIntegerField(_("жителей на территории"), null=True, blank=True)
    contact_email = models.EmailField(_("e-mail ТОС"), blank=True)
    contact_phone = models.CharField(_("телефон ТОС"), max_length=30, blank=True)
    status = models.CharField(_("статус"), max_length=20, choices=Status.choices, default=Status.ACTIVE)
    liquidated_on = models.DateField(_("дата ликвидации"), null=True, blank=True)

    class Meta:
        ordering = ["name"]
        constraints = [
            models.CheckConstraint(
                condition=Q(is_legal_entity=False) | ~Q(ogrn=""), name="tos_legal_entity_has_ogrn"
            ),
            models.CheckConstraint(
                condition=Q(status="active", liquidated_on__isnull=True) | Q(status="liquidated"),
                name="tos_only_liquidated_has_liquidation_date",
            ),
        ]
        verbose_name = _("ТОС")
        verbose_name_plural = _("ТОС")

    def __str__(self) -> str:
        return self.name

    def get_absolute_url(self) -> str:
        return reverse("councils:tos_detail", args=[self.slug])

    def exists_on(self, day: dt.date) -> bool:
        """A TOS exists from its charter's registration until liquidation."""
        if day < self.charter_registered_on:
            return False
        return not (self.liquidated_on and day >= self.liquidated_on)

    def clean(self) -> None:
        errors: dict[str, str] = {}
        if self.is_legal_entity and not self.ogrn:
            errors["ogrn"] = _("ТОС — юридическое лицо должно иметь ОГРН.")
        if self.status == self.Status.LIQUIDATED and not self.liquidated_on:
            errors["liquidated_on"] = _("Укажите дату ликвидации.")
        if self.status == self.Status.ACTIVE and self.liquidated_on:
            errors["liquidated_on"] = _("У действующего ТОС не может быть даты ликвидации.")
        if self.liquidated_on and self.charter_registered_on and self.liquidated_on < self.charter_registered_on:
            errors["liquidated_on"] = _("Дата ликвидации раньше регистрации устава.")
        if self.charter_registered_on and self.charter_registered_on > timezone.localdate():
            errors["charter_registered_on"] = _("Дата регистрации устава не может быть в будущем.")
        if errors:
            raise ValidationError(errors)


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
        upload_to="minutes/%Y/",
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


class MicrodistrictManager(models.Model):
    """A city employee responsible for microdistricts, with public work contacts only."""

    full_name = models.CharField(_("ФИО"), max_length=200)
    user = models.OneToOneField(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True,
        related_name="manager_profile", verbose_name=_("учётная запись"),
    )
    # Linking an account grants rights on the registry's affairs (reports on resolution items,
    # answers in the microdistrict): only administrators may do it, and who did it is kept.
    user_linked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, blank=True, related_name="+",
        editable=False, verbose_name=_("учётную запись привязал"),
    )
    user_linked_at = models.DateTimeField(_("учётная запись привязана"), null=True, blank=True, editable=False)
    district = models.ForeignKey(District, on_delete=models.PROTECT, related_name="managers", verbose_name=_("район"))
    microdistricts = models.ManyToManyField(Microdistrict, related_name="managers", verbose_name=_("микрорайоны"))
    work_phone = models.CharField(_("рабочий телефон"), max_length=30)
    work_email = models.EmailField(_("рабочий e-mail"))
    office_address = models.CharField(_("адрес приёмной"), max_length=255)
    reception_hours = models.TextField(_("часы приёма"), help_text=_("Например: вторник 15:00–18:00"))
    is_active = models.BooleanField(_("работает"), default=True)

    class Meta:
        ordering = ["full_name"]
        verbose_name = _("управляющий микрорайоном")
        verbose_name_plural = _("управляющие микрорайонами")

    def __str__(self) -> str:
        return self.full_name
