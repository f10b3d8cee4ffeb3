from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from councils.models import District
from forum.models import ResolutionItem
from initiatives.models import Category

from .models import PartnerOrganization, Pledge, WebhookEvent


class PartnerFilterForm(forms.Form):
    kind = forms.ChoiceField(
        label=_("Вид"), required=False, choices=[("", _("Все виды")), *PartnerOrganization.Kind.choices]
    )
    district = forms.ModelChoiceField(
        label=_("Район"), required=False, queryset=District.objects.all(), to_field_name="slug",
        empty_label=_("Все районы"),
    )
    category = forms.ModelChoiceField(
        label=_("Категория"), required=False, queryset=Category.objects.all(), to_field_name="slug",
        empty_label=_("Все категории"),
    )


class DecisionForm(forms.Form):
    reason = forms.CharField(
        label=_("Комментарий"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 2})
    )


class ApplicationForm(forms.Form):
    message = forms.CharField(
        label=_("Сопроводительное письмо"), required=False, max_length=4000, widget=forms.Textarea(attrs={"rows": 3})
    )


class PledgeForm(forms.Form):
    kind = forms.ChoiceField(label=_("Вид поддержки"), choices=Pledge.Kind.choices)
    amount = forms.DecimalField(label=_("Сумма, ₽"), required=False, min_value=1, max_digits=12, decimal_places=2)
    volunteers = forms.IntegerField(label=_("Волонтёров, человек"), required=False, min_value=1, max_value=10000)
    date_from = forms.DateField(label=_("С"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    date_to = forms.DateField(label=_("По"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    materials = forms.CharField(label=_("Что и сколько"), required=False, max_length=300)
    message = forms.CharField(
        label=_("Сообщение авторам"), required=False, max_length=2000, widget=forms.Textarea(attrs={"rows": 3})
    )


class WebhookEventsForm(forms.Form):
    events = forms.MultipleChoiceField(label=_("События"), choices=WebhookEvent.choices,
                                       widget=forms.CheckboxSelectMultiple)


class WebhookEndpointForm(WebhookEventsForm):
    # The address is checked (https, public addresses only) by the service, like in the API.
    url = forms.URLField(label=_("Адрес (https)"), max_length=500, assume_scheme="https")

    field_order = ["url", "events"]


class ProgressReportForm(forms.Form):
    """A member's report on a resolution item; the forum service checks status moves and percent."""

    text = forms.CharField(label=_("Что сделано"), max_length=10000, widget=forms.Textarea(attrs={"rows": 3}))
    reported_on = forms.DateField(label=_("Дата"), required=False, widget=forms.DateInput(attrs={"type": "date"}))
    evidence_url = forms.URLField(label=_("Ссылка на подтверждение"), required=False, assume_scheme="https")
    new_status = forms.ChoiceField(label=_("Новый статус пункта"), required=False,
                                   choices=[("", _("не менять")), *ResolutionItem.Status.choices])
    new_percent = forms.IntegerField(label=_("Выполнено, %"), required=False, min_value=0, max_value=100)
