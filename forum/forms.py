"""Forms residents and staff fill in on the forum's pages."""

from __future__ import annotations

from itertools import pairwise

from django import forms
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin

from .models import ParticipantType, ProgressReport, ResolutionItem, Section


class SectionChoiceField(forms.ModelMultipleChoiceField):
    """Checkboxes labelled with the time, the title and the seats left (the queryset carries `seats_taken`)."""

    def label_from_instance(self, section: Section) -> str:
        start = timezone.localtime(section.starts_at)
        end = timezone.localtime(section.ends_at)
        label = f"{start:%H:%M}–{end:%H:%M} · {section.title}"
        if section.capacity is None:
            return label
        left = max(0, section.capacity - getattr(section, "seats_taken", 0))
        note = _("мест нет, запись в лист ожидания") if left == 0 else _("свободно мест: %(n)d") % {"n": left}
        return f"{label} ({note})"


class RegistrationForm(HoneypotMixin, forms.Form):
    full_name = forms.CharField(
        label=_("ФИО участника"), max_length=200,
        help_text=_("Для бейджа и списка участников на входе."),
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    participant_type = forms.ChoiceField(
        label=_("Кого вы представляете"), choices=ParticipantType.choices, widget=forms.RadioSelect,
        initial=ParticipantType.RESIDENT,
    )
    organisation = forms.CharField(
        label=_("Организация"), max_length=255, required=False,
        help_text=_("Необязательно: ТОС, совет, НКО, предприятие или ведомство."),
        widget=forms.TextInput(attrs={"autocomplete": "organization"}),
    )
    sections = SectionChoiceField(
        label=_("Площадки"), queryset=Section.objects.none(), required=False, widget=forms.CheckboxSelectMultiple,
        help_text=_("Отметьте площадки, на которых хотите быть. У некоторых своё число мест."),
    )
    consent = forms.BooleanField(
        label=_(
            "Я даю согласие на обработку моих ФИО и названия организации для регистрации "
            "на форум и прохода на площадки."
        ),
        error_messages={"required": _("Без согласия на обработку персональных данных регистрация невозможна.")},
    )

    def __init__(self, *args, sections: QuerySet[Section], **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["sections"].queryset = sections

    def clean_sections(self) -> list[Section]:
        chosen = sorted(self.cleaned_data["sections"], key=lambda s: s.starts_at)
        for earlier, later in pairwise(chosen):
            if later.starts_at < earlier.ends_at:
                raise forms.ValidationError(
                    _("Площадки «%(a)s» и «%(b)s» идут в одно время — выберите одну из них.")
                    % {"a": earlier.title, "b": later.title}
                )
        return chosen


class CheckinSearchForm(forms.Form):
    q = forms.CharField(
        label=_("Код или фамилия"), required=False, max_length=100,
        widget=forms.TextInput(attrs={
            "type": "search", "autocomplete": "off", "autocapitalize": "characters", "spellcheck": "false",
            "inputmode": "text", "enterkeyhint": "search",
        }),
    )


class ProgressReportForm(forms.ModelForm):
    evidence_url = forms.URLField(
        label=_("Ссылка на подтверждение"), required=False, assume_scheme="https",
        help_text=_("Например, на решение, протокол или новость."),
    )

    class Meta:
        model = ProgressReport
        fields = ["reported_on", "text", "evidence_url", "evidence_file", "new_status", "new_percent"]
        widgets = {
            "reported_on": forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
            "text": forms.Textarea(attrs={"rows": 5}),
            "new_percent": forms.NumberInput(attrs={"min": 0, "max": 100, "inputmode": "numeric"}),
        }
        help_texts = {
            "new_status": _("Оставьте пустым, чтобы не менять статус пункта."),
            "new_percent": _("От 0 до 100; оставьте пустым, чтобы не менять. «Выполнено» — это всегда 100 %."),
        }

    def __init__(self, *args, item: ResolutionItem, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.fields["new_status"].choices = [("", _("не менять")), *ResolutionItem.Status.choices]
        self.fields["new_percent"].widget.attrs["placeholder"] = str(item.progress_percent)

    def clean_reported_on(self):
        reported_on = self.cleaned_data["reported_on"]
        if reported_on and reported_on > timezone.localdate():
            raise forms.ValidationError(_("Дата отчёта не может быть в будущем."))
        return reported_on


class TopicForm(HoneypotMixin, forms.Form):
    title = forms.CharField(label=_("Тема"), max_length=200)
    description = forms.CharField(
        label=_("Почему это важно"), max_length=3000, widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Что обсудить и кого позвать: два-три предложения."),
    )
