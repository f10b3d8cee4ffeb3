"""E-mails of the forum. Tasks take ids and are idempotent.

Each task claims its notice with a conditional UPDATE on a `*_notice_at` field
before sending and sends inside the same transaction: a retried or duplicated
task finds the field set and sends nothing; if SMTP fails, the claim rolls back
and the retry sends. (When the portal's notifications subsystem lands, these
become its producers; the templates in templates/forum/email/ stay.)
"""

from __future__ import annotations

from typing import Any

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import Registration, SectionRegistration

_RETRY = {"autoretry_for": (OSError,), "retry_backoff": 60, "retry_backoff_max": 3600, "max_retries": 8}


def _absolute(path: str) -> str:
    return f"{settings.SITE_URL.rstrip('/')}{path}"


def _send(template: str, context: dict[str, Any], recipient: str) -> None:
    with translation.override("ru"):
        subject = render_to_string(f"forum/email/{template}_subject.txt", context).strip()
        body = render_to_string(f"forum/email/{template}.txt", context).strip() + "\n"
    send_mail(subject, body, None, [recipient])


def _registration_context(registration: Registration) -> dict[str, Any]:
    edition = registration.edition
    return {
        "registration": registration,
        "edition": edition,
        "places": registration.section_registrations.select_related("section").order_by("section__starts_at"),
        "edition_url": _absolute(edition.get_absolute_url()),
        "my_url": _absolute(reverse("forum:my_registrations")),
        "ics_url": _absolute(reverse("forum:my_ics", args=[edition.year])),
    }


@shared_task(name="forum.tasks.send_registration_notice", **_RETRY)
def send_registration_notice(registration_id: int) -> bool:
    """«You are registered» or «you are on the waitlist», once per registration."""
    with transaction.atomic():
        claimed = (
            Registration.objects.filter(pk=registration_id, registered_notice_at__isnull=True)
            .exclude(status=Registration.Status.CANCELLED)
            .update(registered_notice_at=timezone.now())
        )
        if not claimed:
            return False
        registration = Registration.objects.select_related("edition", "user").get(pk=registration_id)
        _send("registration", _registration_context(registration), registration.user.email)
    return True


@shared_task(name="forum.tasks.send_promotion_notice", **_RETRY)
def send_promotion_notice(registration_id: int) -> bool:
    """A seat freed up and the first person on the waitlist got it."""
    with transaction.atomic():
        claimed = Registration.objects.filter(
            pk=registration_id, promoted_notice_at__isnull=True, promoted_at__isnull=False,
            status=Registration.Status.CONFIRMED,
        ).update(promoted_notice_at=timezone.now())
        if not claimed:
            return False
        registration = Registration.objects.select_related("edition", "user").get(pk=registration_id)
        _send("promoted", _registration_context(registration), registration.user.email)
    return True


@shared_task(name="forum.tasks.send_section_promotion_notice", **_RETRY)
def send_section_promotion_notice(place_id: int) -> bool:
    """A seat at a section freed up for someone who already had a place at the forum."""
    with transaction.atomic():
        claimed = SectionRegistration.objects.filter(
            pk=place_id, promoted_notice_at__isnull=True, status=SectionRegistration.Status.CONFIRMED,
            registration__status=Registration.Status.CONFIRMED,
        ).update(promoted_notice_at=timezone.now())
        if not claimed:
            return False
        place = SectionRegistration.objects.select_related(
            "section", "registration__edition", "registration__user"
        ).get(pk=place_id)
        context = {**_registration_context(place.registration), "place": place, "section": place.section}
        _send("section_promoted", context, place.registration.user.email)
    return True
