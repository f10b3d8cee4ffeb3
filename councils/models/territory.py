"""The city's territory: districts, microdistricts and their buildings (the finder's addresses)."""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from core.translated import DefaultLanguageColumns

from ..addresses import normalize_house, normalize_street


class District(DefaultLanguageColumns, models.Model):
    """One of the city's three districts (районы); name and description in two languages (councils/translation.py)."""

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
