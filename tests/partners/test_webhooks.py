"""Webhooks: signed deliveries to a real local receiver, once per event and endpoint,
retries with backoff, switching off after repeated failures, no private addresses in production."""

from __future__ import annotations

import hashlib
import hmac
import ipaddress
import json
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest
from django.core.exceptions import ValidationError

from core.errors import DomainError
from notifications.models import Event
from partners import webhooks
from partners.models import WebhookDelivery, WebhookDispatch, WebhookEndpoint
from partners.services import pledges
from partners.services.actor import PartnerActor
from tests.initiatives.factories import InitiativeFactory

from .factories import PledgeFactory

pytestmark = pytest.mark.django_db
PORT = 8153


class Receiver:
    """An HTTP server on 127.0.0.1 that records requests and answers with a chosen status."""

    def __init__(self, status: int = 200):
        self.requests: list[tuple[dict[str, str], bytes]] = []
        self.status = status
        receiver = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):
                length = int(self.headers["Content-Length"])
                receiver.requests.append((dict(self.headers), self.rfile.read(length)))
                self.send_response(receiver.status)
                self.end_headers()

            def log_message(self, *args):
                pass

        self.server = HTTPServer(("127.0.0.1", PORT), Handler)
        self.thread = threading.Thread(target=self.server.serve_forever, daemon=True)

    def __enter__(self):
        self.thread.start()
        return self

    def __exit__(self, *exc):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def local(settings):
    settings.WEBHOOKS_ALLOW_PRIVATE = True


def _register(partner, events=("pledge.accepted", "pledge.offered")):
    return webhooks.endpoint_register(partner, url=f"http://127.0.0.1:{PORT}/hook", event_types=list(events))


def test_signed_delivery_verified_by_a_real_receiver(local, partner_a, initiative, django_capture_on_commit_callbacks):
    endpoint, secret = _register(partner_a)
    pledge = PledgeFactory(partner=partner_a, initiative=initiative)
    with Receiver() as receiver, django_capture_on_commit_callbacks(execute=True):
        pledges.pledge_accept(pledge, user=initiative.author)
    assert len(receiver.requests) == 1
    headers, body = receiver.requests[0]
    timestamp = headers["X-Webhook-Timestamp"]
    expected = hmac.new(secret.encode(), f"{timestamp}.".encode() + body, hashlib.sha256).hexdigest()
    assert hmac.compare_digest(headers["X-Webhook-Signature"], f"sha256={expected}")
    data = json.loads(body)
    assert data["type"] == "pledge.accepted" and data["data"]["pledge_id"] == pledge.pk
    delivery = WebhookDelivery.objects.get()
    assert delivery.status == "delivered" and delivery.response_code == 200 and delivery.endpoint == endpoint


def test_never_twice_for_one_event_and_endpoint(local, partner_a, initiative, django_capture_on_commit_callbacks):
    _register(partner_a)
    with Receiver() as receiver:
        with django_capture_on_commit_callbacks(execute=True):
            pledges.pledge_create(PartnerActor(partner_a), initiative, kind="expertise")
        event = Event.objects.get(kind="pledge_offered")
        WebhookDispatch.objects.all().delete()  # as if the dispatch ran again after a crash
        webhooks.dispatch_event(event.pk)
        webhooks.sweep()
        for delivery in WebhookDelivery.objects.all():
            webhooks.deliver(str(delivery.pk))
    assert len(receiver.requests) == 1 and WebhookDelivery.objects.count() == 1


def test_other_partners_do_not_receive_a_partners_events(local, partner_a, partner_b, initiative,
                                                         django_capture_on_commit_callbacks):
    _register(partner_b)
    with Receiver() as receiver, django_capture_on_commit_callbacks(execute=True):
        pledges.pledge_create(PartnerActor(partner_a), initiative, kind="expertise")
    assert receiver.requests == [] and not WebhookDelivery.objects.exists()


def test_failures_back_off_then_switch_the_endpoint_off_with_a_notice(local, partner_a, initiative):
    from partners.services.organisations import member_add
    from tests.factories import UserFactory

    member_add(partner_a, UserFactory())
    endpoint, _ = _register(partner_a, events=("initiative.status_changed",))
    with Receiver(status=500) as receiver:
        for _ in range(webhooks.DISABLE_AFTER_FAILURES):
            event = Event.objects.create(kind="status_changed", payload={
                "initiative_id": initiative.pk, "from_status": "moderation", "to_status": "published"})
            webhooks.dispatch_event(event.pk)
    first = WebhookDelivery.objects.order_by("created_at").first()
    assert first.status == "pending" and first.attempts == 1 and first.next_attempt_at and first.response_code == 500
    endpoint.refresh_from_db()
    assert not endpoint.is_active and endpoint.disabled_at
    assert Event.objects.filter(kind="webhook_disabled").exists()
    assert len(receiver.requests) == webhooks.DISABLE_AFTER_FAILURES


def test_private_addresses_are_refused_in_production(settings, partner_a):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    for url in ("http://example.org/hook", "https://127.0.0.1/hook", "https://10.0.0.5/x", "https://169.254.169.254/",
                "https://[::1]/hook", "https://localhost/hook"):
        with pytest.raises(ValidationError):
            webhooks.check_url(url)
        with pytest.raises(DomainError):
            webhooks.endpoint_register(partner_a, url=url, event_types=["pledge.accepted"])


def test_no_delivery_to_a_private_address_even_if_registered_earlier(settings, partner_a, initiative):
    endpoint = WebhookEndpoint.objects.create(
        partner=partner_a, url=f"https://127.0.0.1:{PORT}/hook", events=["pledge.offered"], secret="s" * 64
    )
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    with Receiver() as receiver:
        pledge = pledges.pledge_create(PartnerActor(partner_a), initiative, kind="expertise")
        webhooks.dispatch_event(Event.objects.get(kind="pledge_offered").pk)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert receiver.requests == [] and delivery.status == "failed" and "внутреннюю" in delivery.error
    assert pledge.pk


def test_initiative_events_only_for_public_initiatives(local, partner_a):
    _register(partner_a, events=("initiative.published", "initiative.status_changed"))
    draft = InitiativeFactory(status="moderation")
    event = Event.objects.create(kind="status_changed", payload={"initiative_id": draft.pk, "to_status": "moderation"})
    with Receiver() as receiver:
        webhooks.dispatch_event(event.pk)
        public = InitiativeFactory()
        published = Event.objects.create(kind="status_changed",
                                         payload={"initiative_id": public.pk, "to_status": "published"})
        webhooks.dispatch_event(published.pk)
    types = sorted(json.loads(body)["type"] for _, body in receiver.requests)
    assert types == ["initiative.published", "initiative.status_changed"]


def _resolver(*answers: str):
    """A getaddrinfo that answers each call with the next address (the last one repeats): a rebinding DNS."""
    calls: list[str] = []

    def getaddrinfo(host, port, *args, **kwargs):
        try:  # an address literal (socket.create_connection resolves the pinned IP too) needs no DNS
            return [(2, 1, 6, "", (str(ipaddress.ip_address(host)), port))]
        except ValueError:
            pass
        calls.append(host)
        address = answers[min(len(calls), len(answers)) - 1]
        return [(2, 1, 6, "", (address, port))]

    getaddrinfo.calls = calls
    return getaddrinfo


def test_a_host_resolving_to_a_private_address_is_refused_at_delivery(settings, monkeypatch, partner_a, initiative):
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    monkeypatch.setattr(webhooks.socket, "getaddrinfo", _resolver("93.184.216.34", "10.0.0.5"))
    endpoint, _ = webhooks.endpoint_register(partner_a, url="https://hooks.example.org/in",
                                             event_types=["pledge.offered"])  # public when registered
    connected: list = []
    monkeypatch.setattr(webhooks.socket, "create_connection", lambda address, *a, **k: connected.append(address))
    pledges.pledge_create(PartnerActor(partner_a), initiative, kind="expertise")
    webhooks.dispatch_event(Event.objects.get(kind="pledge_offered").pk)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "failed" and "внутреннюю" in delivery.error and connected == []


def test_delivery_connects_to_the_checked_address_not_to_a_fresh_dns_answer(settings, monkeypatch, partner_a,
                                                                           initiative):
    """DNS rebinding: the name is public when checked and private a moment later; the socket goes
    to the address that was checked, while Host and TLS still name the host."""
    settings.WEBHOOKS_ALLOW_PRIVATE = False
    resolver = _resolver("93.184.216.34", "127.0.0.1")
    endpoint = WebhookEndpoint.objects.create(partner=partner_a, url="https://hooks.example.org:8443/in?k=1",
                                              events=["pledge.offered"], secret="s" * 64)
    monkeypatch.setattr(webhooks.socket, "getaddrinfo", resolver)
    connected: list = []
    wrapped: list = []

    def create_connection(address, *args, **kwargs):
        connected.append(address)
        raise ConnectionRefusedError("test: no network")

    def wrap_socket(self, sock, server_hostname=None, **kwargs):
        wrapped.append(server_hostname)
        raise AssertionError("not reached: the TCP connection failed")

    monkeypatch.setattr(webhooks.socket, "create_connection", create_connection)
    monkeypatch.setattr(webhooks.ssl.SSLContext, "wrap_socket", wrap_socket)
    pledges.pledge_create(PartnerActor(partner_a), initiative, kind="expertise")
    webhooks.dispatch_event(Event.objects.get(kind="pledge_offered").pk)
    assert connected == [("93.184.216.34", 8443)] and resolver.calls == ["hooks.example.org"]
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "pending" and "ConnectionRefused" in delivery.error  # retried later, re-checked


def test_the_pinned_connection_keeps_the_host_name_for_host_header_sni_and_certificate():
    from urllib.parse import urlsplit

    connection = webhooks._pinned_connection(urlsplit("https://hooks.example.org/in"), ["93.184.216.34"])
    # http.client sends Host from .host and passes it as server_hostname to wrap_socket;
    # the default context verifies the certificate against that name.
    assert connection.host == "hooks.example.org" and connection.port == 443
    assert connection._context.check_hostname and connection._context.verify_mode == webhooks.ssl.CERT_REQUIRED


def test_a_pinned_delivery_still_sends_the_host_name_in_the_host_header(local, monkeypatch, partner_a, initiative):
    endpoint = WebhookEndpoint.objects.create(partner=partner_a, url=f"http://hooks.example.org:{PORT}/in",
                                              events=["pledge.offered"], secret="s" * 64)
    monkeypatch.setattr(webhooks.socket, "getaddrinfo", _resolver("127.0.0.1", "192.0.2.1"))
    with Receiver() as receiver:
        pledges.pledge_create(PartnerActor(partner_a), initiative, kind="expertise")
        webhooks.dispatch_event(Event.objects.get(kind="pledge_offered").pk)
    delivery = WebhookDelivery.objects.get(endpoint=endpoint)
    assert delivery.status == "delivered", delivery.error
    assert receiver.requests[0][0]["Host"] == f"hooks.example.org:{PORT}"
