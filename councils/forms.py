"""Public forms: «Найти мой совет» and the filters of the council and TOS directories.

All of them are GET forms: their results are bookmarkable pages, and a bad value in
a hand-edited URL must end as a form error, never as a server error.
"""

from __future__ import annotations

import functools
import re
from collections.abc import Callable
from typing import Any

from django import forms
from django.utils.text import capfirst
from django.utils.translation import gettext_lazy as _

from . import selectors
from .addresses import normalize_street, split_address
from .models import TOS, Council

# Far longer than any Tolyatti address; longer input is refused before any regex or query sees it.
ADDRESS_MAX_LENGTH = 200
SEARCH_MAX_LENGTH = 100

# Letters of any script, digits, spaces and the punctuation people use in addresses
# («б-р Татищева, д. 12/1», «№»). Anything else cannot be part of an address, so it is
# answered with a hint rather than looked up.
_ADDRESS_CHARS_RE = re.compile(r"^[\w\s.,\-–—/№«»\"]+$")
_LETTER_RE = re.compile(r"[^\W\d_]")


def _capitalised(choices: list[tuple[str, Any]]) -> list[tuple[str, Any]]:
    # Model labels are lower-case to read well inside sentences; options start a line.
    return [(value, capfirst(label)) for value, label in choices]


def _with_blank(choices: Callable[[], list[Any]], label: Any) -> Callable[[], list[Any]]:
    """Prepend a blank option to choices computed on first use, then kept for this form.

    Django calls a callable's choices each time it validates or renders the field;
    memoising keeps that to one query per form.
    """
    return functools.cache(lambda: [("", label), *choices()])


class FinderForm(forms.Form):
    """An address typed as one line, or a microdistrict picked from the list."""

    # The page renders this input by hand (councils/includes/address_form.html) so the home
    # page can show it without a form instance.
    q = forms.CharField(label=_("Улица и дом"), required=False, max_length=ADDRESS_MAX_LENGTH)
    microdistrict = forms.ChoiceField(label=_("Микрорайон"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        # Labels stand above their inputs, so Django's trailing colon is dropped.
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        # A callable keeps the query lazy: pages that render only the address input never run it.
        self.fields["microdistrict"].choices = _with_blank(selectors.microdistrict_choices, _("— выберите —"))

    def clean_q(self) -> str:
        text: str = self.cleaned_data["q"]
        if not text:
            return ""
        if not _ADDRESS_CHARS_RE.match(text):
            raise forms.ValidationError(
                _("Адрес может содержать только буквы, цифры, пробелы и знаки . , - / №."), code="characters"
            )
        street, _house = split_address(text)
        if len(_LETTER_RE.findall(normalize_street(street))) < 2:
            raise forms.ValidationError(
                _("Укажите название улицы и номер дома, например «бульвар Татищева, 12»."), code="no_street"
            )
        return text

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean()
        if self.errors or cleaned.get("microdistrict") or cleaned.get("q"):
            return cleaned
        # Each of the page's two forms submits only its own field; the error goes to the one used.
        if "microdistrict" in self.data and "q" not in self.data:
            self.add_error("microdistrict", _("Выберите микрорайон из списка."))
        else:
            self.add_error("q", _("Введите улицу и номер дома, например «бульвар Татищева, 12»."))
        return cleaned


class DirectoryFilterForm(forms.Form):
    """Filters shared by both directories; a filter with a bad value is reported and not applied."""

    q = forms.CharField(label=_("Поиск"), required=False, max_length=SEARCH_MAX_LENGTH)
    district = forms.ChoiceField(label=_("Район"), required=False)
    microdistrict = forms.ChoiceField(label=_("Микрорайон"), required=False)

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("label_suffix", "")
        super().__init__(*args, **kwargs)
        self.fields["district"].choices = _with_blank(selectors.district_choices, _("Все районы"))
        self.fields["microdistrict"].choices = _with_blank(selectors.microdistrict_choices, _("Все микрорайоны"))

    @property
    def is_filtered(self) -> bool:
        """Whether the query string sets any filter, valid or not (``page`` alone is not one)."""
        return any(self.data.get(name) for name in self.fields)

    def valid_filters(self) -> dict[str, str]:
        """The filters that passed validation, without empty ones; the rest are ignored."""
        if not self.is_bound:
            return {}
        self.is_valid()
        return {name: value for name, value in self.cleaned_data.items() if value}


class CouncilFilterForm(DirectoryFilterForm):
    kind = forms.ChoiceField(
        label=_("Вид совета"), required=False, choices=[("", _("Все виды")), *_capitalised(Council.Kind.choices)]
    )

    field_order = ["q", "kind", "district", "microdistrict"]


class TOSFilterForm(DirectoryFilterForm):
    territory_kind = forms.ChoiceField(
        label=_("Территория"), required=False, choices=[("", _("Любая")), *_capitalised(TOS.TerritoryKind.choices)]
    )
    # Residents look for a TOS they can join, so a blank status means «действующие».
    status = forms.ChoiceField(
        label=_("Статус"),
        required=False,
        choices=[
            ("", _("Действующие")),
            (TOS.Status.LIQUIDATED, _("Ликвидированные")),
            (selectors.TOS_STATUS_ALL, _("Все")),
        ],
    )

    field_order = ["q", "district", "microdistrict", "territory_kind", "status"]
