"""allauth adapter: keeps the profile fields and the consent record in the signup transaction."""

from __future__ import annotations

from allauth.account.adapter import DefaultAccountAdapter
from django.db import transaction
from django.http import HttpRequest

from .models import User
from .services import consent_record


class AccountAdapter(DefaultAccountAdapter):
    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        data = form.cleaned_data
        user.display_name = data.get("display_name", "").strip()
        user.home_microdistrict = data.get("home_microdistrict")
        language = getattr(request, "LANGUAGE_CODE", "ru")
        user.preferred_language = language if language in {"ru", "en"} else "ru"
        # The account and the proof of consent exist together or not at all (152-FZ, art. 9).
        with transaction.atomic():
            user = super().save_user(request, user, form, commit=commit)
            if commit:
                consent_record(user=user)
        return user
