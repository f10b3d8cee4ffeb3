"""What the portal holds about a person, for the 152-FZ right of access (data export).

Each app registers, in its AppConfig.ready() (by importing its personal_data
module), an exporter returning a JSON-serialisable section; the export is the
union. An exporter must return only the given user's data. Apps register erasers
the same way for account deletion. See ARCHITECTURE.md.

Every exporter and eraser declares the models it covers ("app_label.ModelName").
A test walks every model with a relation to the user model and fails when one is
covered by nothing, so a new app cannot forget the person's rights.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from typing import Any

from django.db.models import Q
from django.utils import timezone

from .models import User

Exporter = Callable[[User], Any]
Eraser = Callable[[User], None]
_EXPORTERS: dict[str, Exporter] = {}
_ERASERS: list[Eraser] = []
# model label -> what covers it ("export:<section>" / "erase:<function>"), for the coverage test.
_COVERAGE: dict[str, set[str]] = {}


def _cover(models: Iterable[str], by: str) -> None:
    for label in models:
        _COVERAGE.setdefault(label, set()).add(by)


def register_exporter(section: str, *, models: Iterable[str] = ()) -> Callable[[Exporter], Exporter]:
    def decorator(func: Exporter) -> Exporter:
        _EXPORTERS[section] = func
        _cover(models, f"export:{section}")
        return func

    return decorator


def register_eraser(func: Eraser | None = None, *, models: Iterable[str] = ()) -> Any:
    """An eraser removes an app's personal data of a user who deletes the account.

    It runs inside the anonymisation transaction, before the e-mail and name are
    overwritten (so it can still find what names the person). Use as
    ``@register_eraser(models=["app.Model", ...])``.
    """

    def decorator(eraser: Eraser) -> Eraser:
        if eraser not in _ERASERS:
            _ERASERS.append(eraser)
        _cover(models, f"erase:{eraser.__module__}.{eraser.__qualname__}")
        return eraser

    return decorator(func) if func is not None else decorator


def covered_models() -> dict[str, set[str]]:
    """Model label -> the exporters and erasers that declare they cover it."""
    return {label: set(by) for label, by in _COVERAGE.items()}


def erase_user_data(user: User) -> None:
    for eraser in _ERASERS:
        eraser(user)


def export_user_data(user: User) -> dict[str, Any]:
    data: dict[str, Any] = {"exported_at": timezone.now().isoformat()}
    for section, exporter in _EXPORTERS.items():
        data[section] = exporter(user)
    return data


DELETED_LABEL = "[удалено]"


def scrub_admin_log(*identifiers: str) -> None:
    """Replace a deleted person's identifying strings in the admin's history.

    `object_repr` is a snapshot of str(obj) taken when staff edited something
    (a user shows as their display name, a registration as the full name), and
    `change_message` may quote such representations of inline objects. Short
    strings are skipped: replacing «Ан» everywhere would garble unrelated entries.
    """
    from django.contrib.admin.models import LogEntry

    needles = sorted({i.strip() for i in identifiers if i and len(i.strip()) >= 3}, key=len, reverse=True)
    if not needles:
        return
    match = Q()
    for needle in needles:
        match |= Q(object_repr__icontains=needle) | Q(change_message__icontains=needle)
    for entry in LogEntry.objects.filter(match).only("pk", "object_repr", "change_message").iterator():
        repr_, message = entry.object_repr, entry.change_message
        for needle in needles:
            repr_ = _replace_ci(repr_, needle)
            message = _replace_ci(message, needle)
        LogEntry.objects.filter(pk=entry.pk).update(object_repr=repr_[:200], change_message=message)


def _replace_ci(text: str, needle: str) -> str:
    return re.sub(re.escape(needle), DELETED_LABEL, text, flags=re.IGNORECASE)


@register_exporter("account", models=["accounts.User"])
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


@register_exporter("consents", models=["accounts.PersonalDataConsent"])
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


@register_exporter("email_addresses", models=["account.EmailAddress"])
def _emails(user: User) -> list[dict[str, Any]]:
    from allauth.account.models import EmailAddress

    return [
        {"email": e.email, "verified": e.verified, "primary": e.primary}
        for e in EmailAddress.objects.filter(user=user)
    ]


@register_eraser(models=["admin.LogEntry", "accounts.User", "account.EmailAddress", "accounts.PersonalDataConsent"])
def _erase_admin_log(user: User) -> None:
    # The account row itself, its addresses and consents are handled by
    # accounts.services.user_anonymise; here only the admin's history, which
    # keeps names and addresses as plain text.
    scrub_admin_log(user.email, user.display_name, user.phone)


@register_exporter("second_factor", models=["mfa.Authenticator", "accounts.StaffAuthenticator"])
def _authenticators(user: User) -> list[dict[str, Any]]:
    from allauth.mfa.models import Authenticator

    # Which factors are set up and when; the secrets themselves are not the person's to carry away.
    return [
        {"type": a.type, "created_at": a.created_at.isoformat(), "last_used_at": a.last_used_at.isoformat()
         if a.last_used_at else None}
        for a in Authenticator.objects.filter(user=user)
    ]


@register_eraser(models=["mfa.Authenticator", "accounts.StaffAuthenticator"])  # the proxy is the same table
def _erase_authenticators(user: User) -> None:
    from allauth.mfa.models import Authenticator

    Authenticator.objects.filter(user=user).delete()
