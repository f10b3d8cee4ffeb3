"""Forms of the public initiative page: comments, their edits and reports.

They only validate input; the rules (who may comment, the 15-minute edit window, hiding
after reports) live in `initiatives.services.discussion`.
"""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from core.forms import HoneypotMixin

from ..models import Comment

COMMENT_MAX_LENGTH = Comment._meta.get_field("body").max_length or 4000


class CommentForm(HoneypotMixin, forms.Form):
    body = forms.CharField(
        label=_("Комментарий"), max_length=COMMENT_MAX_LENGTH,
        widget=forms.Textarea(attrs={"rows": 4}),
        help_text=_("Пишите по существу и уважительно. Не указывайте телефоны и адреса квартир."),
    )
    # The top-level comment a reply belongs to; the service attaches replies to replies to their thread.
    parent = forms.IntegerField(required=False, min_value=1, widget=forms.HiddenInput)
    # A bot's comment is accepted without a word and stored nowhere (see the view).
    honeypot_rejects = False


class CommentEditForm(forms.Form):
    body = forms.CharField(
        label=_("Комментарий"), max_length=COMMENT_MAX_LENGTH, widget=forms.Textarea(attrs={"rows": 4})
    )


class CommentReportForm(forms.Form):
    reason = forms.CharField(
        label=_("Что не так (необязательно)"), max_length=300, required=False,
        widget=forms.TextInput(attrs={"placeholder": _("Например: оскорбления, реклама")}),
    )
