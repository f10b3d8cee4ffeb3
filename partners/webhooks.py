"""Webhooks: outbox events → signed HTTPS deliveries to partners' endpoints.

Flow: a change writes an `Event` (the notifications outbox). `dispatch_event` turns it
into one `WebhookDelivery` per subscribed endpoint (unique per endpoint, event and type,
so a repeated dispatch adds nothing) and `deliver` claims each delivery with a
conditional UPDATE before sending, so two workers never both send it. Failures back
off exponentially; after MAX_ATTEMPTS a delivery is failed, and an endpoint that keeps
failing is switched off with a notice to the partner's members.

Each request carries `X-Webhook-Timestamp` and `X-Webhook-Signature: sha256=<hex>`,
the HMAC-SHA256 of "<timestamp>.<body>" with the endpoint's secret.

In production an endpoint must be https and resolve only to public addresses —
checked when it is registered and again right before every delivery (DNS may change); the
delivery then connects to the very addresses it checked, never resolving the name again.
`settings.WEBHOOKS_ALLOW_PRIVATE` lets tests use a receiver on 127.0.0.1.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import hmac
import http.client
import ipaddress
import json
import logging
import socket
import ssl
import time
from typing import Any
from urllib.parse import SplitResult, urlsplit

from celery.exceptions import SoftTimeLimitExceeded, TimeLimitExceeded
from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from notifications.models import Event

from . import events
from .models import WebhookDelivery, WebhookDispatch, WebhookEndpoint, WebhookEvent

logger = logging.getLogger(__name__)

MAX_ATTEMPTS = 8
DISABLE_AFTER_FAILURES = 10
TIMEOUT_SECONDS = 10
STALE_CLAIM = dt.timedelta(minutes=5)
# Only recent events are dispatched by the sweep: an endpoint registered today does not
# receive last year's history.
DISPATCH_WINDOW = dt.timedelta(days=2)
SOURCE_KINDS = ("status_changed", events.PLEDGE_OFFERED, events.PLEDGE_CHANGED, events.APPLICATION_SUBMITTED,
                events.APPLICATION_DECIDED)
WEBHOOK_DISABLED = "webhook_disabled"


# Address checks ------------------------------------------------------------------------------


def _address_is_public(address: str) -> bool:
    ip = ipaddress.ip_address(address.split("%", 1)[0])
    return ip.is_global and not (ip.is_private or ip.is_loopback or ip.is_link_local or ip.is_reserved
                                 or ip.is_multicast or ip.is_unspecified)


def _check_scheme_and_host(url: str) -> SplitResult:
    parts = urlsplit(url)
    allow_private = getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False)
    if parts.scheme != "https" and not (allow_private and parts.scheme == "http"):
        raise ValidationError(_("Адрес вебхука должен начинаться с https://."), code="not_https")
    if not parts.hostname:
        raise ValidationError(_("В адресе вебхука нет имени сервера."), code="no_host")
    return parts


def resolve_checked(url: str) -> tuple[SplitResult, list[str]]:
    """Resolve the endpoint's host once and check EVERY address; returns the addresses to connect to.

    Delivery connects to these exact addresses (not to the host name again), so a DNS answer
    that changes between the check and the connection (DNS rebinding) cannot reach inside.
    """
    parts = _check_scheme_and_host(url)
    default_port = 443 if parts.scheme == "https" else 80
    try:
        infos = socket.getaddrinfo(parts.hostname, parts.port or default_port, type=socket.SOCK_STREAM)
    except (socket.gaierror, UnicodeError):
        raise ValidationError(_("Имя сервера вебхука не найдено в DNS."), code="dns") from None
    addresses = list(dict.fromkeys(str(info[4][0]) for info in infos))
    if getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False):
        return parts, addresses
    if not addresses or not all(_address_is_public(address) for address in addresses):
        raise ValidationError(
            _("Адрес вебхука ведёт во внутреннюю сеть (частный, локальный или link-local адрес)."), code="private"
        )
    return parts, addresses


def check_url(url: str) -> None:
    """Refuse what production must never call: plain http, and hosts with private addresses."""
    if getattr(settings, "WEBHOOKS_ALLOW_PRIVATE", False):
        _check_scheme_and_host(url)  # tests' local receivers: no DNS needed at registration
        return
    resolve_checked(url)


# Registration --------------------------------------------------------------------------------


def _clean_events(event_types: list[str]) -> list[str]:
    from core.errors import DomainError

    unknown = sorted(set(event_types) - set(WebhookEvent.values))
    if unknown or not event_types:
        raise DomainError(_("Неизвестные события: %(events)s. Возможные: %(known)s.")
                          % {"events": ", ".join(unknown) or "—", "known": ", ".join(WebhookEvent.values)})
    return [e for e in WebhookEvent.values if e in event_types]


def endpoint_register(partner, *, url: str, event_types: list[str]) -> tuple[WebhookEndpoint, str]:
    """Create an endpoint; returns it and its secret, which is shown only this once."""
    import secrets

    from core.errors import DomainError

    events_clean = _clean_events(event_types)
    try:
        check_url(url)
    except ValidationError as exc:
        raise DomainError(exc.messages[0]) from None
    secret = secrets.token_hex(32)
    endpoint = WebhookEndpoint.objects.create(partner=partner, url=url, events=events_clean, secret=secret)
    return endpoint, secret


def endpoint_set_events(endpoint: WebhookEndpoint, event_types: list[str]) -> WebhookEndpoint:
    """Change what an endpoint receives. Callers look the endpoint up among the actor's partner's own."""
    endpoint.events = _clean_events(event_types)
    endpoint.save(update_fields=["events"])
    return endpoint


def endpoint_delete(endpoint: WebhookEndpoint) -> None:
    """Delete an endpoint with its deliveries. Callers look it up among the actor's partner's own."""
    endpoint.delete()


# Dispatch: outbox event → deliveries ---------------------------------------------------------


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}" if path.startswith("/") else path


def _translate(event: Event) -> list[tuple[str, int | None, dict[str, Any]]]:
    """(webhook type, partner id or None for every partner, public data) for one outbox event."""
    payload = event.payload
    if event.kind == "status_changed":
        from initiatives.models import Initiative

        initiative = Initiative.objects.public().filter(pk=payload.get("initiative_id")).first()
        if initiative is None:  # not public (yet, or any more): nothing to tell partners
            return []
        data = {"initiative_id": initiative.pk, "title": initiative.title, "from_status": payload.get("from_status"),
                "status": initiative.status, "url": _absolute(initiative.get_absolute_url())}
        out = [(WebhookEvent.INITIATIVE_STATUS_CHANGED.value, None, data)]
        if payload.get("to_status") == Initiative.Status.PUBLISHED:
            out.append((WebhookEvent.INITIATIVE_PUBLISHED.value, None, data))
        return out
    partner_id = payload.get("partner_id")
    if event.kind in (events.PLEDGE_OFFERED, events.PLEDGE_CHANGED):
        data = {k: payload.get(k) for k in ("pledge_id", "initiative_id", "kind", "status")}
        data["reason"] = payload.get("reason", "")
        return [(f"pledge.{payload.get('status')}", partner_id, data)]
    if event.kind in (events.APPLICATION_SUBMITTED, events.APPLICATION_DECIDED):
        data = {k: payload.get(k) for k in ("application_id", "programme_id", "initiative_id", "status", "reason")}
        kind = (WebhookEvent.APPLICATION_RECEIVED if event.kind == events.APPLICATION_SUBMITTED
                else WebhookEvent.APPLICATION_DECIDED)
        return [(kind.value, partner_id, data)]
    return []


def dispatch_event(event_id: int) -> int:
    """Create the deliveries of one outbox event (idempotent) and send them."""
    event = Event.objects.filter(pk=event_id, kind__in=SOURCE_KINDS).first()
    if event is None:
        return 0
    try:
        with transaction.atomic():
            WebhookDispatch.objects.create(event=event)
    except IntegrityError:
        return 0  # already dispatched
    created: list[WebhookDelivery] = []
    for event_type, partner_id, data in _translate(event):
        endpoints = WebhookEndpoint.objects.filter(is_active=True, partner__is_verified=True)
        if partner_id is not None:
            endpoints = endpoints.filter(partner_id=partner_id)
        for endpoint in endpoints:
            if event_type not in endpoint.events:
                continue
            body = json.dumps({"type": event_type, "event_id": event.pk, "created_at": event.created_at.isoformat(),
                               "data": data}, ensure_ascii=False, sort_keys=True)
            created.append(WebhookDelivery(endpoint=endpoint, event=event, event_type=event_type, body=body))
    WebhookDelivery.objects.bulk_create(created, ignore_conflicts=True)
    for delivery_id in WebhookDelivery.objects.filter(event=event).values_list("pk", flat=True):
        enqueue_delivery(str(delivery_id))
    return len(created)


def enqueue_delivery(delivery_id: str) -> None:
    from . import tasks

    try:
        tasks.deliver_webhook.apply_async(args=[delivery_id], retry=False)
    except (SoftTimeLimitExceeded, TimeLimitExceeded):
        raise  # the dispatching task is being stopped: let Celery stop it
    except Exception:  # the broker is down: the sweep delivers later
        logger.warning("Could not enqueue webhook delivery %s; the sweep will.", delivery_id, exc_info=True)


def on_event(event: Event) -> None:
    """Called by partners' services after emitting: dispatch right after commit."""
    from . import tasks

    def _send() -> None:
        try:
            tasks.dispatch_webhooks.apply_async(args=[event.pk], retry=False)
        except Exception:
            logger.warning("Could not enqueue webhook dispatch of event %s; the sweep will.", event.pk, exc_info=True)

    transaction.on_commit(_send)


# Delivery ------------------------------------------------------------------------------------


def sign(secret: str, timestamp: int, body: bytes) -> str:
    mac = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256)
    return f"sha256={mac.hexdigest()}"


def _pinned_connection(parts: SplitResult, addresses: list[str]) -> http.client.HTTPConnection:
    """A connection to the host of `parts` that opens its socket to one of the checked `addresses`.

    The Host header, TLS SNI and certificate verification still use the host name (http.client
    takes them from `host`); only the TCP connection is pinned. http.client follows no redirects,
    so a redirect cannot lead to an address that was not checked either.
    """
    if parts.scheme == "https":
        connection: http.client.HTTPConnection = http.client.HTTPSConnection(
            parts.hostname, parts.port or 443, timeout=TIMEOUT_SECONDS, context=ssl.create_default_context())
    else:
        connection = http.client.HTTPConnection(parts.hostname, parts.port or 80, timeout=TIMEOUT_SECONDS)

    def create_connection(address, timeout=TIMEOUT_SECONDS, source_address=None):
        error: OSError | None = None
        for ip in addresses:
            try:
                return socket.create_connection((ip, address[1]), timeout, source_address)
            except OSError as exc:
                error = exc
        raise error or OSError("no address")

    connection._create_connection = create_connection  # type: ignore[attr-defined]
    return connection


def _backoff(attempts: int) -> dt.timedelta:
    return dt.timedelta(seconds=min(60 * 2 ** max(0, attempts - 1), 6 * 3600))


def deliver(delivery_id: str, now: dt.datetime | None = None) -> str:
    """Send one delivery if it is due and nobody else is sending it; returns its new status."""
    now = now or timezone.now()
    due = Q(status=WebhookDelivery.Status.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now))
    stale = Q(status=WebhookDelivery.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
    claimed = WebhookDelivery.objects.filter(due | stale, pk=delivery_id).update(
        status=WebhookDelivery.Status.SENDING, claimed_at=now, attempts=F("attempts") + 1
    )
    delivery = WebhookDelivery.objects.select_related("endpoint", "endpoint__partner").get(pk=delivery_id)
    if not claimed:
        return delivery.status
    endpoint = delivery.endpoint
    if not endpoint.is_active:
        return _finish(delivery, ok=False, code=None, error=_("Адрес отключён."), final=True)
    body = delivery.body.encode()
    timestamp = int(time.time())
    try:
        parts, addresses = resolve_checked(endpoint.url)
        connection = _pinned_connection(parts, addresses)
        try:
            path = (parts.path or "/") + (f"?{parts.query}" if parts.query else "")
            connection.request("POST", path, body=body, headers={
                "Content-Type": "application/json; charset=utf-8",
                "User-Agent": "Tolyatti-Portal-Webhooks/1",
                "X-Webhook-Event": delivery.event_type,
                "X-Webhook-Delivery": str(delivery.pk),
                "X-Webhook-Timestamp": str(timestamp),
                "X-Webhook-Signature": sign(endpoint.secret, timestamp, body),
            })
            code = connection.getresponse().status
        finally:
            connection.close()
    except ValidationError as exc:
        return _finish(delivery, ok=False, code=None, error=exc.messages[0], final=True)
    except (OSError, ValueError, http.client.HTTPException) as exc:
        return _finish(delivery, ok=False, code=None, error=f"{type(exc).__name__}: {exc}"[:500])
    return _finish(delivery, ok=200 <= code < 300, code=code, error="" if 200 <= code < 300 else f"HTTP {code}")


def _finish(delivery: WebhookDelivery, *, ok: bool, code: int | None, error: str, final: bool = False) -> str:
    now = timezone.now()
    endpoint = delivery.endpoint
    if ok:
        WebhookDelivery.objects.filter(pk=delivery.pk).update(
            status=WebhookDelivery.Status.DELIVERED, response_code=code, error="", delivered_at=now
        )
        WebhookEndpoint.objects.filter(pk=endpoint.pk).update(consecutive_failures=0)
        return WebhookDelivery.Status.DELIVERED
    failed = final or delivery.attempts >= MAX_ATTEMPTS
    status = WebhookDelivery.Status.FAILED if failed else WebhookDelivery.Status.PENDING
    WebhookDelivery.objects.filter(pk=delivery.pk).update(
        status=status, response_code=code, error=error,
        next_attempt_at=None if failed else now + _backoff(delivery.attempts),
    )
    with transaction.atomic():
        locked = WebhookEndpoint.objects.select_for_update().get(pk=endpoint.pk)
        locked.consecutive_failures += 1
        if locked.is_active and locked.consecutive_failures >= DISABLE_AFTER_FAILURES:
            locked.is_active = False
            locked.disabled_at = now
            _notify_disabled(locked)
        locked.save(update_fields=["consecutive_failures", "is_active", "disabled_at"])
    return status


def _notify_disabled(endpoint: WebhookEndpoint) -> None:
    from notifications.services import emit

    from .models import PartnerMember

    emit(WEBHOOK_DISABLED, payload={
        "partner_id": endpoint.partner_id, "endpoint_url": endpoint.url,
        "failures": endpoint.consecutive_failures, "url": "/partners/my/",
        "user_ids": list(PartnerMember.objects.filter(partner_id=endpoint.partner_id).values_list("user_id",
                                                                                              flat=True)),
    })


def sweep(now: dt.datetime | None = None) -> dict[str, int]:
    """Dispatch recent outbox events not yet dispatched, and re-send due deliveries."""
    now = now or timezone.now()
    if not WebhookEndpoint.objects.filter(is_active=True).exists():
        return {"events": 0, "deliveries": 0}
    pending = list(
        Event.objects.filter(kind__in=SOURCE_KINDS, created_at__gte=now - DISPATCH_WINDOW)
        .exclude(pk__in=WebhookDispatch.objects.values("event_id"))
        .order_by("pk").values_list("pk", flat=True)[:500]
    )
    for event_id in pending:
        dispatch_event(event_id)
    due = list(
        WebhookDelivery.objects.filter(
            (Q(status=WebhookDelivery.Status.PENDING) & (Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now)))
            | Q(status=WebhookDelivery.Status.SENDING, claimed_at__lt=now - STALE_CLAIM)
        ).values_list("pk", flat=True)[:500]
    )
    for delivery_id in due:
        enqueue_delivery(str(delivery_id))
    return {"events": len(pending), "deliveries": len(due)}
