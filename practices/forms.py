"""The library's filters: they only validate input; bad values become form errors, never a 500."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.models import District
from initiatives.models import Category, NationalProject


class LibraryFilterForm(forms.Form):
    q = forms.CharField(label=_("Поиск"), required=False, max_length=100)
    category = forms.ModelChoiceField(label=_("Категория"), queryset=Category.objects.all(), required=False,
                                      empty_label=_("все категории"))
    district = forms.ModelChoiceField(label=_("Район"), queryset=District.objects.all(), required=False,
                                      empty_label=_("все районы"))
    national_project = forms.ModelChoiceField(label=_("Национальный проект"),
                                              queryset=NationalProject.objects.filter(is_active=True),
                                              required=False, empty_label=_("любой"))
    budget_min = forms.DecimalField(label=_("Бюджет от, ₽"), required=False, min_value=0, max_digits=12,
                                    decimal_places=0)
    budget_max = forms.DecimalField(label=_("Бюджет до, ₽"), required=False, min_value=0, max_digits=12,
                                    decimal_places=0)
    year = forms.TypedChoiceField(label=_("Год"), required=False, coerce=int, empty_value=None)

    def __init__(self, *args, years: list[int] = (), **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["year"].choices = [("", _("любой"))] + [(y, str(y)) for y in years]

    def clean(self) -> dict:
        data = super().clean()
        low, high = data.get("budget_min"), data.get("budget_max")
        if low is not None and high is not None and low > high:
            self.add_error("budget_max", _("Верхняя граница меньше нижней."))
        return data
