"""Liveness and readiness for operators and docker-compose.

/healthz (liveness) answers as long as the process serves requests, whatever its
dependencies do: a container is restarted for being stuck, not for Redis being
down. /readyz (readiness, django-health-check) reports every dependency the
portal needs to do its whole job and answers 503 when one is not there.
"""

from __future__ import annotations

import dataclasses
import datetime as dt

from asgiref.sync import sync_to_async
from django.conf import settings
from django.db.models import Min, Q
from django.http import HttpRequest, JsonResponse
from django.utils import timezone
from django.views.decorators.cache import never_cache
from health_check.base import HealthCheck
from health_check.checks import Cache, Database, Mail, Storage
from health_check.exceptions import ServiceUnavailable
from health_check.views import HealthCheckView


@never_cache
def liveness(request: HttpRequest) -> JsonResponse:
    return JsonResponse({"status": "ok"})


@dataclasses.dataclass
class Broker(HealthCheck):
    """The Celery broker accepts a connection (tasks run in-process when there is none)."""

    timeout: dt.timedelta = dataclasses.field(default=dt.timedelta(seconds=2), repr=False)

    def run(self) -> None:
        from tolyatti_portal.celery import app

        if app.conf.task_always_eager:
            return
        try:
            with app.connection_for_write() as connection:
                connection.ensure_connection(max_retries=1, timeout=self.timeout.total_seconds())
        except Exception as exc:  # kombu raises transport-specific errors
            raise ServiceUnavailable(f"broker unreachable: {type(exc).__name__}") from exc


@dataclasses.dataclass
class Outbox(HealthCheck):
    """No e-mail or event has waited longer than NOTIFICATIONS_MAX_PENDING_AGE_SECONDS.

    A growing age means the worker, beat, the broker or SMTP is not doing its part,
    even when each of them answers on its own.
    """

    async def run(self) -> None:
        # On the request's own thread and database connection (django-health-check runs
        # synchronous checks in a thread pool, each with a connection of its own).
        await sync_to_async(self._check, thread_sensitive=True)()

    def _check(self) -> None:
        from notifications.models import Event, Notification

        limit = settings.NOTIFICATIONS_MAX_PENDING_AGE_SECONDS
        now = timezone.now()
        oldest_email = Notification.objects.filter(
            Q(email_status=Notification.EmailStatus.PENDING) | Q(email_status=Notification.EmailStatus.SENDING)
        ).aggregate(oldest=Min("created_at"))["oldest"]
        oldest_event = Event.objects.filter(expanded_at__isnull=True).aggregate(oldest=Min("created_at"))["oldest"]
        for what, oldest in (("e-mail", oldest_email), ("event", oldest_event)):
            if oldest is not None and (age := (now - oldest).total_seconds()) > limit:
                raise ServiceUnavailable(f"oldest undelivered {what} waits {age:.0f} s (limit {limit} s)")


class ReadinessView(HealthCheckView):
    checks = (
        Database,
        Cache,
        Broker,
        (Mail, {"timeout": dt.timedelta(seconds=3)}),
        Storage,
        Outbox,
    )

    async def get(self, request, *args, **kwargs):
        response = await super().get(request, *args, **kwargs)
        # Load balancers and compose read 503 as "not ready"; django-health-check says 500.
        if response.status_code == 500:
            response.status_code = 503
            response["Retry-After"] = "30"
        return response
