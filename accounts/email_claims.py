"""Who may hold an e-mail address: only a confirmed owner blocks a sign-up.

An address can be claimed without proof: a sign-up never confirmed, or a resident's pending
change of address (ACCOUNT_CHANGE_EMAIL keeps the new address unverified until its owner
clicks the link). Neither may stop the real owner from registering: when the only claims on an
address are unconfirmed, the sign-up goes ahead and those claims are released — the pending
change is cancelled, the never-used account removed. Confirmed owners are never touched; a
sign-up with their address gets allauth's enumeration-safe answer (the same page as any sign-up,
and a letter to the owner saying an account already exists).
"""

from __future__ import annotations

from allauth.account.models import EmailAddress
from django.db import transaction
from django.db.models import ProtectedError

from .models import User


def _is_unconfirmed_sign_up(user: User) -> bool:
    """An account nobody has used: not staff, never logged in, an address row and none verified.

    Accounts without any address row (created in the admin or by createsuperuser) count as
    owners: someone made them on purpose.
    """
    if user.is_staff or user.is_superuser or user.last_login is not None:
        return False
    addresses = list(user.emailaddress_set.all())
    return bool(addresses) and not any(a.verified for a in addresses)


def only_unconfirmed_claims(email: str) -> bool:
    """True when ``email`` is held by someone, but only by unconfirmed claims."""
    rows = list(EmailAddress.objects.filter(email__iexact=email).select_related("user"))
    if any(row.verified for row in rows):
        return False
    holders = list(User.objects.filter(email__iexact=email))
    if not rows and not holders:
        return False
    return all(_is_unconfirmed_sign_up(user) for user in holders)


@transaction.atomic
def release_unconfirmed_claims(email: str) -> None:
    """Cancel pending changes to ``email`` and remove never-used accounts registered with it."""
    if not only_unconfirmed_claims(email):
        return
    for user in User.objects.select_for_update().filter(email__iexact=email):
        EmailAddress.objects.filter(user=user).delete()
        try:
            with transaction.atomic():
                user.delete()
        except ProtectedError:
            # Something refers to the account after all: keep the row, free the address.
            User.objects.filter(pk=user.pk).update(email=f"released-{user.pk}@invalid.example", is_active=False)
    EmailAddress.objects.filter(email__iexact=email, verified=False).delete()
