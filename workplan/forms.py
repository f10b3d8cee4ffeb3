"""The plan's filters; bad values become form errors and are ignored, never a 500."""

from __future__ import annotations

import datetime as dt

from django import forms
from django.utils.translation import gettext_lazy as _

from core.plan import plan_kinds
from councils.models import Council, District, Microdistrict

MIN_YEAR = 2000
MAX_YEAR = 2100


class PlanFilterForm(forms.Form):
    district = forms.ModelChoiceField(label=_("Район"), queryset=District.objects.order_by("sort_order", "name"),
                                      required=False, empty_label=_("весь город"))
    microdistrict = forms.ModelChoiceField(label=_("Микрорайон"), required=False, empty_label=_("все"),
                                           queryset=Microdistrict.objects.order_by("name"))
    council = forms.ModelChoiceField(label=_("Совет"), required=False, empty_label=_("все"),
                                     queryset=Council.objects.filter(is_active=True).order_by("name"))
    kind = forms.ChoiceField(label=_("Что"), required=False)
    month = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = [("", _("всё"))] + [(k.code, k.label) for k in plan_kinds()]

    def clean_month(self) -> dt.date | None:
        value = self.cleaned_data.get("month") or ""
        if not value:
            return None
        try:
            month = dt.datetime.strptime(value, "%Y-%m").date()
        except ValueError:
            raise forms.ValidationError(_("Месяц указывается как ГГГГ-ММ.")) from None
        # The views step a week either side of the month; year 1 or 9999 would overflow `date`.
        if not MIN_YEAR <= month.year <= MAX_YEAR:
            raise forms.ValidationError(_("Месяц должен быть между %(min)s и %(max)s годом.")
                                        % {"min": MIN_YEAR, "max": MAX_YEAR})
        return month
