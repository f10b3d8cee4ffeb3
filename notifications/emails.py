"""Rendering a notification as an e-mail (HTML and text) in the recipient's language."""

from __future__ import annotations

from typing import Any
from urllib.parse import urlsplit

from django.conf import settings
from django.core import signing
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation

from .models import EmailOptOut, Notification
from .registry import get_kind

UNSUBSCRIBE_SALT = "notifications.unsubscribe"
STOP_SALT = "notifications.stop"


def stop_token(address: str) -> str:
    """A signed «never write to me again» link for someone without an account."""
    return signing.dumps({"e": address.strip().lower()}, salt=STOP_SALT, compress=True)


def read_stop_token(token: str) -> str | None:
    try:
        data = signing.loads(token, salt=STOP_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("e"), str) or "@" not in data["e"]:
        return None
    return data["e"]


def unsubscribe_token(user_id: int, kind: str) -> str:
    return signing.dumps({"u": user_id, "k": kind}, salt=UNSUBSCRIBE_SALT, compress=True)


def read_unsubscribe_token(token: str) -> tuple[int, str] | None:
    try:
        data = signing.loads(token, salt=UNSUBSCRIBE_SALT)
    except signing.BadSignature:
        return None
    if not isinstance(data, dict) or not isinstance(data.get("u"), int) or not isinstance(data.get("k"), str):
        return None
    return data["u"], data["k"]


def message_id(notification: Notification) -> str:
    """The same Message-ID on every attempt, so a receiver (and our own logs) can tell a repeat."""
    domain = urlsplit(settings.SITE_URL).hostname or "localhost"
    return f"<notification-{notification.pk}.{notification.event_id}@{domain}>"


def absolute(path: str) -> str:
    if not path or path.startswith(("http://", "https://")):
        return path
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def notification_context(notification: Notification) -> dict[str, Any]:
    payload = notification.event.payload
    context = {
        "notification": notification,
        "kind": notification.kind,
        "payload": payload,
        "recipient": notification.recipient,
        "url": absolute(payload.get("url", "")),
        "site_url": settings.SITE_URL,
    }
    # What the kind's letter needs beyond the payload, read now (at delivery) by the app that owns it.
    letter_context = get_kind(notification.kind).letter_context
    if letter_context is not None:
        context.update(letter_context(payload, notification.recipient))
    return context


def render_subject(notification: Notification, context: dict[str, Any] | None = None) -> str:
    if context is None:
        context = notification_context(notification)
    subject = render_to_string(get_kind(notification.kind).subject_template, context)
    return " ".join(subject.split())


def build_message(notification: Notification) -> EmailMultiAlternatives | None:
    recipient = notification.recipient
    address = recipient.email if recipient is not None else notification.email
    if not address or address.endswith("@deleted.invalid"):
        return None
    if recipient is None and EmailOptOut.covers(address):
        return None
    language = recipient.preferred_language if recipient is not None else settings.LANGUAGE_CODE
    with translation.override(language):
        context = notification_context(notification)
        headers: dict[str, str] = {}
        if recipient is not None and get_kind(notification.kind).can_unsubscribe:
            unsubscribe_url = absolute(
                reverse("notifications:unsubscribe", args=[unsubscribe_token(recipient.pk, notification.kind)])
            )
            context["unsubscribe_url"] = unsubscribe_url
            # RFC 2369 and RFC 8058: mail clients offer one-click unsubscribe.
            headers["List-Unsubscribe"] = f"<{unsubscribe_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        if recipient is None:
            # Someone without an account (an invitation by address): one click and the portal never writes again.
            stop_url = absolute(reverse("notifications:stop", args=[stop_token(address)]))
            context["stop_url"] = stop_url
            headers["List-Unsubscribe"] = f"<{stop_url}>"
            headers["List-Unsubscribe-Post"] = "List-Unsubscribe=One-Click"
        context["preferences_url"] = absolute(reverse("notifications:preferences"))
        subject = render_subject(notification, context)
        # One message text per kind; the text and HTML layouts wrap it, so the
        # two versions of a letter can never say different things.
        context["subject"] = subject
        context["message"] = render_to_string(get_kind(notification.kind).template, context).strip()
        text = render_to_string("notifications/emails/layout.txt", context)
        html = render_to_string("notifications/emails/layout.html", context)
    headers["Message-ID"] = message_id(notification)
    message = EmailMultiAlternatives(
        subject=f"{settings.ACCOUNT_EMAIL_SUBJECT_PREFIX}{subject}", body=text, to=[address], headers=headers
    )
    message.attach_alternative(html, "text/html")
    return message
