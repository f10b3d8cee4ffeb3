"""Form pieces every app uses."""

from __future__ import annotations

from django import forms
from django.forms.renderers import DjangoTemplates
from django.utils.translation import gettext_lazy as _


class HoneypotMixin(forms.Form):
    """A field people never see (templates/includes/form_fields.html keeps it off-screen); bots fill it.

    By default a filled honeypot is a form error. Forms that would rather accept
    the bot's post silently (and store nothing) set `honeypot_rejects = False` and
    ask `is_bot()` after validation.
    """

    honeypot_rejects = True

    website = forms.CharField(
        required=False, label=_("Оставьте это поле пустым"),
        widget=forms.TextInput(attrs={"autocomplete": "off", "tabindex": "-1"}),
    )

    def clean_website(self) -> str:
        value = self.cleaned_data.get("website") or ""
        if value and self.honeypot_rejects:
            raise forms.ValidationError(_("Форма заполнена автоматически и не может быть принята."))
        return value

    def is_bot(self) -> bool:
        return bool(self.cleaned_data.get("website"))


class PortalFormRenderer(DjangoTemplates):
    """Django's form templates, with labels that end without a colon.

    Russian interfaces write labels without a trailing colon («Запомнить меня»); Django adds «:»
    to every label by default. The field template (core/templates/core/forms/field.html) prints
    the label text itself; everything else is Django's own. settings.FORM_RENDERER names it.
    """

    field_template_name = "core/forms/field.html"
