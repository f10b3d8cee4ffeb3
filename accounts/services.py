"""Writes to accounts: consent, anonymisation on deletion."""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.contrib.sessions.models import Session
from django.db import transaction
from django.utils import timezone

from .models import ConsentText, PersonalDataConsent, User
from .personal_data import erase_user_data


class ConsentUnavailable(Exception):
    """No consent text is published, so no consent can be given."""


def consent_record(*, user: User, consent_text: ConsentText | None = None) -> PersonalDataConsent:
    """Record that the user agreed to the given (default: current) consent text."""
    consent_text = consent_text or ConsentText.current()
    if consent_text is None:
        raise ConsentUnavailable("No consent text is in force.")
    consent, _ = PersonalDataConsent.objects.get_or_create(
        user=user, consent_text=consent_text, defaults={"given_at": timezone.now()}
    )
    return consent


@transaction.atomic
def user_anonymise(*, user: User) -> User:
    """Delete an account the 152-FZ way: personal data gone, public contributions kept unnamed.

    The row stays so that comments, supports and initiatives keep their integrity;
    everything that identifies the person is overwritten and the login disabled.
    """
    user = User.objects.select_for_update().get(pk=user.pk)
    if user.anonymised_at:
        return user
    erase_user_data(user)
    now = timezone.now()
    user.email = f"deleted-{user.pk}@deleted.invalid"
    user.display_name = ""
    user.phone = ""
    user.home_microdistrict = None
    user.moderated_district = None
    user.is_active = False
    user.is_staff = False
    user.is_superuser = False
    user.anonymised_at = now
    user.set_unusable_password()
    user.save()
    user.groups.clear()
    user.user_permissions.clear()
    EmailAddress.objects.filter(user=user).delete()
    user.consents.filter(withdrawn_at__isnull=True).update(withdrawn_at=now)
    _delete_sessions_of(user)
    return user


def _delete_sessions_of(user: User) -> None:
    # Sessions store the user id inside encoded data; decoding each is the only
    # portable way to find them. Done once per deletion, not on a hot path.
    user_id = str(user.pk)
    doomed = [
        s.pk for s in Session.objects.filter(expire_date__gt=timezone.now()).iterator()
        if s.get_decoded().get("_auth_user_id") == user_id
    ]
    Session.objects.filter(pk__in=doomed).delete()
