"""Second factor helpers around allauth.mfa: enrol a known TOTP secret (demo accounts, tests).

Staff normally enrol themselves at /accounts/2fa/ (the admin sends them there). The demo staff
accounts get a published secret so that a tester can log in; it is printed by ``load_demo``
and in the README, and ``manage.py totp_code SECRET`` prints the current code. Never enrol a
published secret on a real account.
"""

from __future__ import annotations

import time

from allauth.mfa.models import Authenticator
from allauth.mfa.recovery_codes.internal.auth import RecoveryCodes
from allauth.mfa.totp.internal.auth import TOTP, format_hotp_value, hotp_value
from django.conf import settings
from django.db import transaction

from .models import User

# The published TOTP secret of the demo staff accounts (load_demo; README «Demo logins»).
DEMO_STAFF_TOTP_SECRET = "TOLYATTIDEMOSTAFFSECRETKEYFORMFA"  # noqa: S105 - published on purpose


def enrol_totp(user: User, secret: str) -> list[str]:
    """Give ``user`` TOTP with ``secret`` and recovery codes (idempotent); return the unused codes."""
    with transaction.atomic():
        if not Authenticator.objects.filter(user=user, type=Authenticator.Type.TOTP).exists():
            TOTP.activate(user, secret)
        codes = Authenticator.objects.filter(user=user, type=Authenticator.Type.RECOVERY_CODES).first()
        recovery = RecoveryCodes(codes) if codes is not None else RecoveryCodes.activate(user)
    user._portal_mfa_enabled = True
    return recovery.get_unused_codes()


def totp_code(secret: str, at: float | None = None) -> str:
    """The code an authenticator app shows now (or at ``at``) for ``secret``."""
    period = getattr(settings, "MFA_TOTP_PERIOD", 30)
    return format_hotp_value(hotp_value(secret, int(at if at is not None else time.time()) // period))
