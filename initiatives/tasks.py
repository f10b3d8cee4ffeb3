"""Celery tasks of initiatives: they take ids and call services."""

from __future__ import annotations

from celery import shared_task
from django.conf import settings
from django.core.mail import send_mail
from django.db import transaction
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from .models import CoauthorInvitation
from .services.transitions import expire_overdue_initiatives


@shared_task(name="initiatives.tasks.expire_overdue")
def expire_overdue() -> int:
    """Daily: published initiatives whose deadline passed below the threshold become expired."""
    return expire_overdue_initiatives()


@shared_task(
    name="initiatives.tasks.send_coauthor_invitation",
    autoretry_for=(OSError,), retry_backoff=60, retry_backoff_max=3600, max_retries=8,
)
def send_coauthor_invitation(invitation_id: int) -> bool:
    """Send the invitation once: the row is claimed with a conditional UPDATE before sending."""
    with transaction.atomic():
        claimed = CoauthorInvitation.objects.filter(
            pk=invitation_id, status=CoauthorInvitation.Status.PENDING, sent_at__isnull=True
        ).update(sent_at=timezone.now())
        if not claimed:
            return False
        invitation = CoauthorInvitation.objects.select_related("initiative", "invited_by").get(pk=invitation_id)
        accept_path = reverse("initiatives:invitation", args=[invitation.token])
        context = {
            "invitation": invitation,
            "initiative": invitation.initiative,
            "accept_url": f"{settings.SITE_URL.rstrip('/')}{accept_path}",
        }
        with translation.override("ru"):
            subject = render_to_string("initiatives/email/invitation_subject.txt", context).strip()
            body = render_to_string("initiatives/email/invitation.txt", context)
        # Sending inside the transaction: if SMTP fails the claim rolls back and the retry sends.
        send_mail(subject, body, None, [invitation.email])
    return True
