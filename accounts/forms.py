"""Registration (through allauth), profile and account deletion forms."""

from __future__ import annotations

from allauth.account.adapter import get_adapter
from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.urls import reverse_lazy
from django.utils.choices import BaseChoiceIterator
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin

from .email_claims import only_unconfirmed_claims
from .models import ConsentText, User


def _consent_label() -> str:
    return format_html(
        '{} <a href="{}" target="_blank" rel="noopener">{}</a>',
        _("Я даю согласие на обработку моих персональных данных в соответствии с"),
        reverse_lazy("accounts:consent"),
        _("текстом согласия"),
    )


def _microdistricts():
    # The model behind User.home_microdistrict (councils.Microdistrict), reached through the
    # relation so that accounts, which sits below councils, does not import it.
    return User._meta.get_field("home_microdistrict").related_model.objects.all()


class _ByDistrict(BaseChoiceIterator):
    """Microdistricts under their districts' names (<optgroup>), read when the select is rendered."""

    def __init__(self, field: forms.ModelChoiceField) -> None:
        self.field = field

    def __iter__(self):
        if self.field.empty_label is not None:
            yield ("", self.field.empty_label)
        groups: dict[str, list[tuple[object, str]]] = {}
        for microdistrict in self.field.queryset:
            groups.setdefault(str(microdistrict.district), []).append(
                (self.field.prepare_value(microdistrict), self.field.label_from_instance(microdistrict))
            )
        yield from groups.items()


class GroupedMicrodistrictField(forms.ModelChoiceField):
    """85 microdistricts are a long list: grouped by district, a resident finds his own."""

    def _get_choices(self) -> BaseChoiceIterator:
        return _ByDistrict(self)

    choices = property(_get_choices, forms.ChoiceField.choices.fset)


def microdistrict_choices_field(**kwargs) -> forms.ModelChoiceField:
    return GroupedMicrodistrictField(
        queryset=_microdistricts().select_related("district").order_by("district__sort_order", "number", "name"),
        required=False,
        label=_("Мой микрорайон"),
        help_text=_("Необязательно: чтобы показывать новости и инициативы рядом с вами."),
        **kwargs,
    )


class SignupForm(HoneypotMixin, AllauthSignupForm):
    display_name = forms.CharField(
        label=_("Имя на портале"), max_length=100,
        help_text=_("Так вас увидят другие жители, например «Анна К.». Полное имя не требуется."),
    )
    home_microdistrict = microdistrict_choices_field()
    personal_data_consent = forms.BooleanField(
        required=True,
        label=lazy(_consent_label, str)(),
        error_messages={"required": _("Без согласия на обработку персональных данных регистрация невозможна.")},
    )

    field_order = ["email", "display_name", "home_microdistrict", "password1", "password2", "personal_data_consent"]

    def validate_unique_email(self, value: str) -> str:
        # An address held only by unconfirmed claims is free (accounts.email_claims); the claims
        # are released when the account is saved. A confirmed owner gets allauth's answer.
        if only_unconfirmed_claims(value):
            self.account_already_exists = False
            return get_adapter().validate_unique_email(value)
        return super().validate_unique_email(value)

    def clean(self) -> dict:
        cleaned = super().clean()
        if ConsentText.current() is None:
            raise forms.ValidationError(_("Регистрация временно недоступна: не опубликован текст согласия."))
        return cleaned


class ProfileForm(forms.ModelForm):
    home_microdistrict = microdistrict_choices_field()

    class Meta:
        model = User
        fields = ["display_name", "home_microdistrict", "phone", "preferred_language"]
        help_texts = {
            "phone": _("Необязательно. Никогда не публикуется; нужен, только если вы хотите, чтобы вам перезвонили."),
        }


class AccountDeleteForm(forms.Form):
    password = forms.CharField(
        label=_("Пароль"), widget=forms.PasswordInput(attrs={"autocomplete": "current-password"})
    )
    confirm = forms.BooleanField(
        label=_("Я понимаю, что учётная запись будет удалена без возможности восстановления"), required=True
    )

    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user

    def clean_password(self) -> str:
        password = self.cleaned_data["password"]
        if not self.user.check_password(password):
            raise forms.ValidationError(_("Неверный пароль."))
        return password

