"""The preferences grid: one checkbox per kind and channel."""

from __future__ import annotations

from django import forms

from accounts.models import User

from .kinds import Channel
from .models import Preference
from .registry import all_kinds


def field_name(kind: str, channel: str) -> str:
    return f"{kind}__{channel}"


class PreferencesForm(forms.Form):
    def __init__(self, *args, user: User, **kwargs) -> None:
        super().__init__(*args, **kwargs)
        self.user = user
        saved = {
            (p.kind, p.channel): p.enabled for p in Preference.objects.filter(user=user)
        }
        # Staff-only kinds are left out for residents: they would never receive them.
        self.kinds = [kind for kind in all_kinds() if user.is_staff or not kind.staff_only]
        for kind in self.kinds:
            defaults = {Channel.EMAIL: kind.email_default, Channel.IN_APP: kind.in_app_default}
            for channel in Channel:
                self.fields[field_name(kind.code, channel)] = forms.BooleanField(
                    required=False,
                    label=f"{kind.label}: {channel.label}",
                    initial=saved.get((kind.code, channel.value), defaults[channel]),
                    disabled=not kind.can_unsubscribe,
                )

    def grid(self) -> list[tuple[str, list[forms.BoundField]]]:
        return [
            (kind.label, [self[field_name(kind.code, channel)] for channel in Channel]) for kind in self.kinds
        ]
