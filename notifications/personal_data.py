"""The outbox's part of a person's data export and of account deletion (152-FZ)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q

from accounts.models import User
from accounts.personal_data import register_eraser, register_exporter

from . import unread
from .models import Event, Notification, Preference
from .registry import all_kinds

# Payload keys that quote the person who caused an event: their name, or their own words.
ACTOR_NAME_KEYS = ("author_name", "inviter_name")
ACTOR_TEXT_KEYS = ("excerpt",)
DELETED_NAME = "Удалённый пользователь"


@register_exporter("notification_preferences", models=["notifications.Preference"])
def _preferences(user: User) -> list[dict[str, Any]]:
    return [
        {"kind": p.kind, "channel": p.channel, "enabled": p.enabled, "updated_at": p.updated_at.isoformat()}
        for p in Preference.objects.filter(user=user).order_by("kind", "channel")
    ]


@register_exporter("notifications", models=["notifications.Notification"])
def _notifications(user: User) -> list[dict[str, Any]]:
    return [
        {
            "kind": n.kind, "title": n.event.payload.get("title", ""), "url": n.url,
            "created_at": n.created_at.isoformat(), "read_at": n.read_at.isoformat() if n.read_at else None,
            "in_app": n.in_app, "email_status": n.email_status,
            "email_sent_at": n.email_sent_at.isoformat() if n.email_sent_at else None,
        }
        for n in Notification.objects.filter(recipient=user).select_related("event")
    ]


@register_eraser(models=["notifications.Notification", "notifications.Preference", "notifications.Event"])
def _erase(user: User) -> None:
    address = user.email
    deleted_address = f"deleted-{user.pk}@deleted.invalid"
    # Events addressed to this person alone (a hidden comment's reason, a forum seat)
    # are about them and nobody else: they go, with their notifications.
    Event.objects.filter(payload__user_ids__0=user.pk).exclude(payload__user_ids__1__isnull=False).delete()
    Notification.objects.filter(recipient=user).delete()
    unread.forget([user.pk])
    Preference.objects.filter(user=user).delete()
    # Letters to an address (invitations) and delivery errors, which SMTP servers
    # write with the address in them.
    Notification.objects.filter(email__iexact=address).update(email=deleted_address, email_error="")
    Notification.objects.filter(email_error__icontains=address).update(email_error="")
    lowered = address.lower()
    kinds = [kind.code for kind in all_kinds() if kind.addresses_in_payload]
    # Only such kinds carry addresses; JSON containment is not portable to SQLite.
    for event in Event.objects.filter(kind__in=kinds).only("pk", "payload").iterator():
        if lowered in event.payload.get("emails", []):
            event.payload["emails"] = [e for e in event.payload["emails"] if e != lowered]
            event.save(update_fields=["payload"])
    # What others were told about this person's actions keeps no name and no quote.
    name_filter = Q()
    for key in (*ACTOR_NAME_KEYS, *ACTOR_TEXT_KEYS):
        name_filter |= Q(payload__has_key=key)
    for event in Event.objects.filter(name_filter, actor=user).only("pk", "payload").iterator():
        payload = dict(event.payload)
        for key in ACTOR_NAME_KEYS:
            if key in payload:
                payload[key] = DELETED_NAME
        for key in ACTOR_TEXT_KEYS:
            payload.pop(key, None)
        Event.objects.filter(pk=event.pk).update(payload=payload)
