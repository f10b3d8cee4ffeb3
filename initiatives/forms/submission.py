"""Forms of the resident's guided submission: one form per step, plus uploads and invitations.

Forms only validate and shape input; every write goes through `initiatives.services`.
`step_data()` returns exactly the fields the step's service call may change.
"""

from __future__ import annotations

import re
from decimal import ROUND_HALF_UP, Decimal
from typing import Any

from django import forms
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin
from councils.models import TOS, District, Microdistrict

from ..models import Category, Initiative, NationalProject, Scope
from ..services.content import EDITABLE_FIELDS

# The model validates the same box (Initiative.latitude / longitude); the form says it in words.
LATITUDE_RANGE = (Decimal("53.3"), Decimal("53.7"))
LONGITUDE_RANGE = (Decimal("49.1"), Decimal("49.8"))
COORDINATE_STEP = Decimal("0.000001")

# What a registry slug may look like (SlugField, max 200) — checked before it reaches the database.
SLUG_FROM_LINK = re.compile(r"[-a-zA-Z0-9_]{1,200}")

MAX_CAPTION_LENGTH = 200
MAX_DOCUMENT_TITLE_LENGTH = 200


def _one_line(value: str) -> str:
    # Titles end up in e-mail subjects and page titles, where a line break is either
    # refused (mail headers) or breaks the layout; collapse all whitespace.
    return " ".join((value or "").split())


class _StepForm(forms.ModelForm):
    """A ModelForm whose cleaned fields map one-to-one onto the service's editable fields."""

    def step_data(self) -> dict[str, Any]:
        data = {name: self.cleaned_data[name] for name in self._meta.fields if name in self.cleaned_data}
        unknown = set(data) - EDITABLE_FIELDS
        # A programming error, not a user one: a step must never offer a staff-only field.
        assert not unknown, f"Step form offers non-editable fields: {sorted(unknown)}"
        return data


class WhatForm(_StepForm):
    """Step «Что»: what the initiative is about."""

    class Meta:
        model = Initiative
        fields = ["title", "summary", "description", "category", "national_project"]
        widgets = {
            "title": forms.TextInput(attrs={"autocomplete": "off"}),
            "summary": forms.Textarea(attrs={"rows": 3}),
            "description": forms.Textarea(attrs={"rows": 10}),
        }
        help_texts = {
            "title": _("Коротко и понятно, например: «Спортивная площадка во дворе на бульваре Гая, 14»."),
            "summary": _("Одно-два предложения: что сделать и зачем. Их увидят в списке инициатив."),
            "description": _("Что сейчас не так, что предлагается сделать, кому это поможет."),
            "national_project": _("Необязательно: федеральная программа, которой созвучна инициатива."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        # Required here so that a draft never reaches review without it (submission needs it).
        self.fields["category"].required = True
        self.fields["category"].queryset = Category.objects.order_by("sort_order", "name")
        self.fields["category"].empty_label = _("— выберите категорию —")
        self.fields["national_project"].queryset = NationalProject.objects.filter(is_active=True).order_by(
            "sort_order", "name"
        )
        self.fields["national_project"].empty_label = _("— не выбран —")

    def clean_title(self) -> str:
        return _one_line(self.cleaned_data["title"])

    def clean_summary(self) -> str:
        return _one_line(self.cleaned_data["summary"])


class _PlaceFromLinkField(forms.CharField):
    """A slug that came in a link: never a form error (the resident can't see or fix it), only
    a slug or "" — anything else (too long, NUL bytes, spaces) is dropped before any lookup."""

    def __init__(self) -> None:
        super().__init__(required=False, widget=forms.HiddenInput)
        self.validators = []

    def clean(self, value: Any) -> str:
        value = value if isinstance(value, str) else ""
        return value if SLUG_FROM_LINK.fullmatch(value) else ""


class CreateForm(HoneypotMixin, WhatForm):
    """Step «Что» when the draft does not exist yet; the honeypot keeps bots from creating drafts.

    A microdistrict's or a TOS's page links here with ?microdistrict=<slug> / ?tos=<slug>; the
    place rides along in hidden fields and becomes the new draft's place (changeable at «Где»).
    An unknown or stale value is dropped silently: it came from a link, not from the resident.
    """

    place_microdistrict = _PlaceFromLinkField()
    place_tos = _PlaceFromLinkField()

    def clean_place_microdistrict(self) -> Microdistrict | None:
        slug = self.cleaned_data.get("place_microdistrict") or ""
        return Microdistrict.objects.select_related("district").filter(slug=slug).first() if slug else None

    def clean_place_tos(self) -> TOS | None:
        slug = self.cleaned_data.get("place_tos") or ""
        if not slug:
            return None
        return TOS.objects.filter(slug=slug, status=TOS.Status.ACTIVE).prefetch_related("microdistricts").first()

    def step_data(self) -> dict[str, Any]:
        data = super().step_data()
        microdistrict = self.cleaned_data.get("place_microdistrict")
        tos = self.cleaned_data.get("place_tos")
        if tos is not None and microdistrict is None:
            # A TOS on one microdistrict names the place; one spanning several leaves it to «Где».
            covered = list(tos.microdistricts.all())
            microdistrict = covered[0] if len(covered) == 1 else None
        if microdistrict is not None:
            data.update(scope=Scope.MICRODISTRICT, microdistrict=microdistrict, district=microdistrict.district)
        if tos is not None and (microdistrict is None or tos.district_id == microdistrict.district_id):
            data["tos"] = tos
        return data


class CoordinateField(forms.DecimalField):
    """A coordinate typed by hand or put there by the map: comma or dot, rounded to 6 places."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            value = value.strip().replace(",", ".")
        number = super().to_python(value)
        if number is None:
            return None
        # A map click yields 15 decimals; 6 (≈ 10 cm) is the model's precision.
        return number.quantize(COORDINATE_STEP, rounding=ROUND_HALF_UP)


def _coordinate_field(
    label: str, bounds: tuple[Decimal, Decimal], help_text: str, message: str
) -> CoordinateField:
    low, high = bounds
    return CoordinateField(
        label=label, required=False, min_value=low, max_value=high, max_digits=9, decimal_places=6,
        help_text=help_text,
        error_messages={"min_value": message, "max_value": message},
        widget=forms.NumberInput(
            attrs={"step": str(COORDINATE_STEP), "min": str(low), "max": str(high), "inputmode": "decimal"}
        ),
    )


class WhereForm(_StepForm):
    """Step «Где»: the scope, the place in the city's structure and, optionally, a point on the map."""

    latitude = _coordinate_field(
        _("Широта"), LATITUDE_RANGE, _("Например: 53.507800. Заполняется сама, если отметить место на карте."),
        _("Точка должна быть в Тольятти: широта от 53.3 до 53.7."),
    )
    longitude = _coordinate_field(
        _("Долгота"), LONGITUDE_RANGE, _("Например: 49.420400."),
        _("Точка должна быть в Тольятти: долгота от 49.1 до 49.8."),
    )

    class Meta:
        model = Initiative
        fields = ["scope", "district", "microdistrict", "tos", "address", "latitude", "longitude"]
        widgets = {"scope": forms.RadioSelect}
        labels = {"scope": _("Для кого инициатива")}
        help_texts = {
            "district": _("Для инициативы микрорайона район подставится сам."),
            "tos": _("Необязательно: если инициативу выдвигает или поддерживает ТОС."),
            "address": _("Например: бульвар Татищева, 12, двор между домами."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["scope"].choices = Scope.choices
        self.fields["district"].queryset = District.objects.order_by("sort_order", "name")
        self.fields["district"].empty_label = _("— выберите район —")
        microdistricts = Microdistrict.objects.select_related("district").order_by(
            "district__sort_order", "district__name", "number", "name"
        )
        self.fields["microdistrict"].queryset = microdistricts
        # Grouped by district so that «5 квартал» is found under Автозаводский; one query.
        groups: dict[str, list[tuple[int, str]]] = {}
        for microdistrict in microdistricts:
            groups.setdefault(microdistrict.district.name, []).append((microdistrict.pk, microdistrict.name))
        self.fields["microdistrict"].choices = [("", _("— выберите микрорайон —")), *groups.items()]
        # A TOS liquidated after it was chosen stays selectable here, or saving would silently drop it.
        current_tos = self.instance.tos_id if self.instance and self.instance.pk else None
        self.fields["tos"].queryset = TOS.objects.filter(
            Q(status=TOS.Status.ACTIVE) | Q(pk=current_tos)
        ).order_by("name")
        self.fields["tos"].empty_label = _("— без ТОС —")

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        scope = cleaned.get("scope")
        district = cleaned.get("district")
        microdistrict = cleaned.get("microdistrict")
        if scope == Scope.MICRODISTRICT:
            if microdistrict is None and "microdistrict" not in self.errors:
                self.add_error("microdistrict", _("Выберите микрорайон или другой масштаб инициативы."))
            elif microdistrict is not None:
                # The microdistrict is the more precise answer; its district follows from it.
                cleaned["district"] = district = microdistrict.district
        elif scope == Scope.DISTRICT:
            if district is None and "district" not in self.errors:
                self.add_error("district", _("Выберите район или другой масштаб инициативы."))
            cleaned["microdistrict"] = None
        elif scope == Scope.CITY:
            cleaned["district"] = cleaned["microdistrict"] = district = None
        tos = cleaned.get("tos")
        if tos is not None and district is not None and tos.district_id != district.pk:
            self.add_error("tos", _("Этот ТОС находится в другом районе."))
        latitude, longitude = cleaned.get("latitude"), cleaned.get("longitude")
        if (latitude is None) != (longitude is None) and not ({"latitude", "longitude"} & set(self.errors)):
            self.add_error(
                "longitude" if longitude is None else "latitude",
                _("Укажите обе координаты — или отметьте место на карте — или оставьте обе пустыми."),
            )
        return cleaned


class RubleField(forms.DecimalField):
    """Accepts «150 000», «150 000,50» and «150000.50»: how people write sums."""

    def to_python(self, value: Any) -> Decimal | None:
        if isinstance(value, str):
            # str.split() without arguments also drops no-break and narrow no-break spaces.
            value = "".join(value.split()).lower().replace(",", ".")
            value = value.removesuffix("₽").removesuffix("руб.").removesuffix("руб")
        return super().to_python(value)


NEEDS = (
    ("needs_money", _("деньги")),
    ("needs_volunteers", _("волонтёры")),
    ("needs_materials", _("материалы")),
    ("needs_expertise", _("экспертиза, консультации специалистов")),
)


class ResourcesForm(_StepForm):
    """Step «Ресурсы»: what it may cost and what kind of help is needed."""

    estimated_budget = RubleField(
        label=_("Оценка стоимости, ₽"), required=False, min_value=0, max_digits=12, decimal_places=2,
        help_text=_("Необязательно. Примерно, например: 350 000."),
        widget=forms.TextInput(attrs={"inputmode": "decimal", "autocomplete": "off"}),
    )
    # One checkbox group (a fieldset with a legend) instead of four unrelated checkboxes.
    needs = forms.MultipleChoiceField(
        label=_("Что нужно для реализации"), required=False, choices=NEEDS, widget=forms.CheckboxSelectMultiple,
    )

    field_order = ["estimated_budget", "needs", "resources_description"]

    class Meta:
        model = Initiative
        fields = ["estimated_budget", "resources_description"]
        widgets = {"resources_description": forms.Textarea(attrs={"rows": 6})}
        help_texts = {
            "resources_description": _("Сколько волонтёров, какие материалы, какая помощь специалистов нужна."),
        }

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        if self.instance and self.instance.pk:
            self.initial["needs"] = [name for name, _label in NEEDS if getattr(self.instance, name)]

    def step_data(self) -> dict[str, Any]:
        data = super().step_data()
        chosen = set(self.cleaned_data.get("needs") or ())
        data.update({name: name in chosen for name, _label in NEEDS})
        return data


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """Several files in one input (the pattern of Django's file-upload docs).

    Empty files are let through: the content checks of `core.uploads` then
    refuse each bad file with its own message instead of failing the whole field.
    """

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("widget", MultipleFileInput())
        kwargs.setdefault("allow_empty_file", True)
        super().__init__(*args, **kwargs)

    def clean(self, data: Any, initial: Any = None) -> list[Any]:
        single_file_clean = super().clean
        if isinstance(data, list | tuple):
            result = [single_file_clean(item, initial) for item in data]
        else:
            result = [single_file_clean(data, initial)]
        return [item for item in result if item]


class UploadForm(forms.Form):
    """Step «Фото и документы»: photos (one or several) and a PDF document in one POST."""

    photos = MultipleFileField(
        label=_("Фотографии"), required=False,
        help_text=_("JPEG, PNG или WebP, до 10 МБ каждая, не больше 10 фотографий. Можно выбрать несколько сразу. "
                    "Сведения о месте съёмки из файла удаляются."),
        widget=MultipleFileInput(attrs={"accept": "image/jpeg,image/png,image/webp"}),
    )
    caption = forms.CharField(
        label=_("Подпись к фото"), required=False, max_length=MAX_CAPTION_LENGTH,
        help_text=_("Необязательно: что на снимке. Подпись получат все выбранные сейчас фото."),
    )
    document = forms.FileField(
        label=_("Документ (PDF)"), required=False, allow_empty_file=True,
        help_text=_("Например: смета, схема, протокол собрания жильцов. PDF до 10 МБ."),
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf,.pdf"}),
    )
    document_title = forms.CharField(
        label=_("Название документа"), required=False, max_length=MAX_DOCUMENT_TITLE_LENGTH,
        help_text=_("Например: «Смета на материалы»."),
    )

    def clean_caption(self) -> str:
        return _one_line(self.cleaned_data["caption"])

    def clean_document_title(self) -> str:
        return _one_line(self.cleaned_data["document_title"])

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        has_photos = bool(cleaned.get("photos"))
        has_document = cleaned.get("document") is not None
        if cleaned.get("document_title") and not has_document and "document" not in self.errors:
            self.add_error("document", _("Выберите PDF-файл для документа «%(title)s».")
                           % {"title": cleaned["document_title"]})
        elif not has_photos and not has_document and not self.errors:
            raise forms.ValidationError(_("Выберите фотографии или документ для загрузки."), code="nothing")
        return cleaned


class InviteForm(forms.Form):
    """Step «Группа»: invite a co-author by e-mail."""

    email = forms.EmailField(
        label=_("E-mail соавтора"),
        help_text=_("Мы отправим приглашение на этот адрес. Его увидит только инициативная группа."),
        widget=forms.EmailInput(attrs={"autocomplete": "off", "inputmode": "email"}),
    )

    def clean_email(self) -> str:
        return self.cleaned_data["email"].strip().lower()


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=_("Почему вы отзываете инициативу"), required=False, max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=_("Необязательно. Причина попадёт в историю инициативы."),
    )
