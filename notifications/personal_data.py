"""The outbox's part of a person's data export and of account deletion (152-FZ)."""

from __future__ import annotations

from typing import Any

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter

from .models import Event, Notification, Preference
from .registry import all_kinds


@register_exporter("notification_preferences")
def _preferences(user: User) -> list[dict[str, Any]]:
    return [
        {"kind": p.kind, "channel": p.channel, "enabled": p.enabled}
        for p in Preference.objects.filter(user=user).order_by("kind", "channel")
    ]


@register_eraser
def _erase_addresses(user: User) -> None:
    """Letters addressed by e-mail (to people without an account yet) keep the address in the outbox."""
    deleted = f"deleted-{user.pk}@deleted.invalid"
    Notification.objects.filter(email__iexact=user.email).update(email=deleted)
    address = user.email.lower()
    kinds = [kind.code for kind in all_kinds() if kind.addresses_in_payload]
    # Only such kinds carry addresses; JSON containment is not portable to SQLite.
    for event in Event.objects.filter(kind__in=kinds).only("pk", "payload").iterator():
        if address in event.payload.get("emails", []):
            event.payload["emails"] = [e for e in event.payload["emails"] if e != address]
            event.save(update_fields=["payload"])
