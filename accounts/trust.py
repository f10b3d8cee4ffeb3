"""How much weight a resident's account carries in others' affairs (abuse resistance).

Anyone may report a comment, and every report reaches the moderators; only
residents whose e-mail is confirmed and whose account is at least a week old can
hide someone's words without a moderator, so three fresh accounts cannot silence
anybody. Any app with reports uses this rule.
"""

from __future__ import annotations

import datetime as dt

from django.db.models import Exists, OuterRef, Q
from django.utils import timezone

TRUSTED_ACCOUNT_AGE = dt.timedelta(days=7)
# Accounts registered within this time of each other count as "created together".
CREATED_TOGETHER_WINDOW = dt.timedelta(hours=1)


def trusted_user_q(prefix: str = "", now: dt.datetime | None = None) -> Q:
    """Filter for users (or, with prefix="reporter__", rows pointing at them) whose word counts."""
    from allauth.account.models import EmailAddress

    cutoff = (now or timezone.now()) - TRUSTED_ACCOUNT_AGE
    confirmed = EmailAddress.objects.filter(user_id=OuterRef(f"{prefix}pk"), verified=True)
    return Q(**{f"{prefix}date_joined__lte": cutoff, f"{prefix}is_active": True}) & Q(Exists(confirmed))
