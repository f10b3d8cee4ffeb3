"""Forms of the staff admin: the initiative's staff fields and the action pages.

The action forms only collect what a service needs (a reason, a council, a
text, files); they never change an initiative themselves.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from accounts.roles import scoped_district_id
from core.uploads import check_pdf, process_photo
from councils.models import Council

from ..models import Initiative

S = Initiative.Status

# Fields staff may change in the initiative's change form, by status. Everything
# else — the residents' text and place, the status, the counters — is read-only:
# the text is the group's (a moderator asks for a revision instead of rewriting
# it), the place decides the district scope and the support rule, and the status
# moves only through the transition services.
SUPPORT_SETUP_STATUSES = (S.MODERATION, S.REVISION, S.PUBLISHED)
FORWARDED_STATUSES = (S.CONSIDERATION, S.ACCEPTED, S.IN_PROGRESS)
# The plan of works is set once an initiative is accepted and kept up to date while it is done.
PLANNED_STATUSES = (S.ACCEPTED, S.IN_PROGRESS)
MAX_COLLECTION_DAYS = 365


def staff_editable_fields(initiative: Initiative) -> set[str]:
    fields = {"category", "national_project"}
    if initiative.status in SUPPORT_SETUP_STATUSES:
        fields |= {"support_threshold", "collection_deadline"}
    if initiative.status in FORWARDED_STATUSES:
        fields.add("forwarded_to")
    if initiative.status in PLANNED_STATUSES:
        fields |= {"planned_start", "planned_end"}
    if initiative.is_best_practice:
        fields.add("best_practice_summary")
    return fields


def councils_for(initiatives: Sequence[Initiative], user: Any) -> Any:
    """Active councils an initiative may be forwarded to: its district's, within the user's scope."""
    councils = Council.objects.filter(is_active=True).select_related("district")
    districts = {i.district_id for i in initiatives}
    if None not in districts:
        councils = councils.filter(district_id__in=districts)
    user_district = scoped_district_id(user)
    if user_district is not None:
        councils = councils.filter(district_id=user_district)
    return councils.order_by("district__sort_order", "kind", "name")


class InitiativeAdminForm(forms.ModelForm):
    """Validates the staff fields against the initiative's current (locked) status."""

    class Meta:
        model = Initiative
        # The admin narrows this further per status (staff_editable_fields).
        fields = [
            "category", "national_project", "support_threshold", "collection_deadline", "forwarded_to",
            "best_practice_summary",
        ]

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        council = self.fields.get("forwarded_to")
        if council is not None and self.instance.district_id:
            council.queryset = council.queryset.filter(district_id=self.instance.district_id)

    def clean_support_threshold(self) -> int | None:
        value = self.cleaned_data.get("support_threshold")
        if "support_threshold" not in self.changed_data:
            return value
        if value is not None and value < 1:
            raise ValidationError(_("Порог поддержки — не меньше одного голоса."))
        if self.instance.status == S.PUBLISHED:
            if value is None:
                raise ValidationError(_("Во время сбора поддержки порог обязателен."))
            if value <= self.instance.support_count:
                raise ValidationError(
                    _("Порог должен быть больше уже собранной поддержки (%(n)d). Чтобы передать инициативу "
                      "на рассмотрение, используйте действие «Передать на рассмотрение».")
                    % {"n": self.instance.support_count}
                )
        return value

    def clean_collection_deadline(self) -> dt.date | None:
        value = self.cleaned_data.get("collection_deadline")
        if "collection_deadline" not in self.changed_data:
            return value
        today = timezone.localdate()
        if value is None:
            if self.instance.status == S.PUBLISHED:
                raise ValidationError(_("Во время сбора поддержки срок обязателен."))
            return value
        if value < today or (value == today and self.instance.status != S.PUBLISHED):
            raise ValidationError(_("Срок сбора поддержки не может быть в прошлом."))
        if value > today + dt.timedelta(days=MAX_COLLECTION_DAYS):
            raise ValidationError(_("Срок сбора поддержки — не дольше года."))
        return value

    def clean_best_practice_summary(self) -> str:
        value = (self.cleaned_data.get("best_practice_summary") or "").strip()
        if self.instance.is_best_practice and not value:
            raise ValidationError(_("Опишите, как повторить эту практику."))
        return value


class ActionForm(forms.Form):
    """Base of the action pages; knows the objects it applies to and who acts."""

    def __init__(self, *args: Any, objects: Sequence[Model] = (), user: Any = None, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.objects = objects
        self.user = user


class OptionalReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Комментарий (необязательно)"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Появится в истории статусов рядом с изменением."),
    )


class ReasonForm(ActionForm):
    reason = forms.CharField(
        label=_("Причина"), max_length=4000, widget=forms.Textarea(attrs={"rows": 5, "cols": 80}),
        help_text=_("Её увидят автор и, для опубликованных инициатив, все жители."),
    )

    def clean_reason(self) -> str:
        value = self.cleaned_data["reason"].strip()
        if not value:
            raise ValidationError(_("Укажите причину."))
        return value


class RevisionForm(ReasonForm):
    reason = forms.CharField(
        label=_("Сообщение автору: что доработать"), max_length=4000,
        widget=forms.Textarea(attrs={"rows": 6, "cols": 80}),
        help_text=_("Автор получит это сообщение и сможет исправить инициативу и отправить её снова."),
    )


class HideCommentForm(ReasonForm):
    reason = forms.CharField(
        label=_("Причина скрытия"), max_length=1000, widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
        help_text=_("Например: оскорбления, персональные данные, реклама."),
    )


class ForwardForm(ActionForm):
    council = forms.ModelChoiceField(
        label=_("Совет"), queryset=Council.objects.none(), required=False,
        empty_label=_("— не передавать в совет, рассмотрит администрация —"),
        help_text=_("Совет того же района, что и инициатива."),
    )
    reason = forms.CharField(
        label=_("Комментарий"), required=False, max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3, "cols": 80}),
    )

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.fields["council"].queryset = councils_for(self.objects, self.user)
        self.fields["council"].label_from_instance = lambda c: f"{c.name} ({c.district})"


class BestPracticeForm(ActionForm):
    summary = forms.CharField(
        label=_("Лучшая практика: как повторить"), max_length=10000,
        widget=forms.Textarea(attrs={"rows": 10, "cols": 80}),
        help_text=_("Что сделали, кто помог, сколько стоило, с чего начать другим дворам и ТОС."),
    )

    def clean_summary(self) -> str:
        value = self.cleaned_data["summary"].strip()
        if not value:
            raise ValidationError(_("Опишите, как повторить эту практику."))
        return value


class OfficialResponseForm(ActionForm):
    organisation = forms.CharField(
        label=_("От имени"), max_length=200, help_text=_("Например: Администрация Автозаводского района")
    )
    body = forms.CharField(label=_("Текст ответа"), widget=forms.Textarea(attrs={"rows": 10, "cols": 80}))
    attachment = forms.FileField(
        label=_("Документ (PDF)"), required=False,
        widget=forms.ClearableFileInput(attrs={"accept": "application/pdf"}),
    )

    def clean_attachment(self) -> Any:
        upload = self.cleaned_data.get("attachment")
        if upload:
            check_pdf(upload)
        return upload


class ProgressUpdateForm(ActionForm):
    body = forms.CharField(label=_("Что сделано"), widget=forms.Textarea(attrs={"rows": 8, "cols": 80}))
    photo_before = forms.FileField(
        label=_("Фото «до»"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )
    photo_after = forms.FileField(
        label=_("Фото «после»"), required=False, widget=forms.ClearableFileInput(attrs={"accept": "image/*"})
    )

    def _clean_photo(self, name: str) -> Any:
        upload = self.cleaned_data.get(name)
        if upload:
            # Checked here so that a bad file is reported on this page; the
            # service re-encodes it again when storing.
            process_photo(upload)
            upload.seek(0)
        return upload

    def clean_photo_before(self) -> Any:
        return self._clean_photo("photo_before")

    def clean_photo_after(self) -> Any:
        return self._clean_photo("photo_after")
