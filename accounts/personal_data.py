"""What the portal holds about a person, for the 152-FZ right of access (data export).

Each app registers, in its AppConfig.ready() (by importing its personal_data
module), an exporter returning a JSON-serialisable section; the export is the
union. An exporter must return only the given user's data. Apps register erasers
the same way for account deletion. See ARCHITECTURE.md.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.utils import timezone

from .models import User

Exporter = Callable[[User], Any]
Eraser = Callable[[User], None]
_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: list[Eraser] = []


def register_exporter(section: str) -> Callable[[Exporter], Exporter]:
    def decorator(func: Exporter) -> Exporter:
        _EXPORTERS[section] = func
        return func

    return decorator


def register_eraser(func: Eraser) -> Eraser:
    """An eraser removes an app's personal data of a user who deletes the account.

    It runs inside the anonymisation transaction, before the e-mail is overwritten.
    """
    _ERASERS.append(func)
    return func


def erase_user_data(user: User) -> None:
    for eraser in _ERASERS:
        eraser(user)


def export_user_data(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat()}
    for section, exporter in _EXPORTERS.items():
        data[section] = exporter(user)
    return data


@register_exporter("account")
def _account(user: User) -> dict[str, Any]:
    return {
        "email": user.email,
        "display_name": user.display_name,
        "home_microdistrict": user.home_microdistrict.name if user.home_microdistrict else None,
        "phone": user.phone,
        "preferred_language": user.preferred_language,
        "date_joined": user.date_joined.isoformat(),
        "last_login": user.last_login.isoformat() if user.last_login else None,
        "roles": sorted(user.groups.values_list("name", flat=True)),
    }


@register_exporter("consents")
def _consents(user: User) -> list[dict[str, Any]]:
    return [
        {
            "version": c.consent_text.version,
            "title": c.consent_text.title,
            "given_at": c.given_at.isoformat(),
            "withdrawn_at": c.withdrawn_at.isoformat() if c.withdrawn_at else None,
        }
        for c in user.consents.select_related("consent_text")
    ]


@register_exporter("email_addresses")
def _emails(user: User) -> list[dict[str, Any]]:
    from allauth.account.models import EmailAddress

    return [
        {"email": e.email, "verified": e.verified, "primary": e.primary}
        for e in EmailAddress.objects.filter(user=user)
    ]
