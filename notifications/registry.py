"""The registry of notification kinds: each app registers its own in its AppConfig.ready().

The outbox (models, services, e-mails, preferences) knows no feature app. A kind
brings everything the outbox needs to deliver it:

- its label and default channels (and whether it can be switched off at all);
- who hears of it: a resolver from the event's payload to user ids (lazily, so a
  fan-out never loads everyone); without one, the payload's ``user_ids``;
- its letter: ``<app>/emails/<code>.txt`` and ``<app>/emails/<code>_subject.txt``
  in the templates, plus an optional ``letter_context(payload, recipient)`` that
  adds what the templates need beyond the payload (read at delivery, in the
  recipient's language, so the letter says what is true when it is sent).

See ARCHITECTURE.md for an example.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ImproperlyConfigured

Resolver = Callable[[dict], Iterable[int]]
LetterContext = Callable[[dict, Any], dict[str, Any]]


def explicit_recipients(payload: dict) -> Iterable[int]:
    """The default resolver: the ids the emitter listed in the payload."""
    return payload.get("user_ids", [])


@dataclass(frozen=True)
class NotificationKind:
    code: str
    label: Any  # a lazy translation
    app: str
    email_default: bool = True
    in_app_default: bool = True
    # Service messages (an invitation addressed to someone, a hidden comment's
    # reason) are part of a process the person is in, not a subscription.
    can_unsubscribe: bool = True
    recipients: Resolver = explicit_recipients
    letter_context: LetterContext | None = None
    # The payload lists e-mail addresses under "emails" (people without an account);
    # the notifications' eraser scrubs them when such a person deletes an account.
    addresses_in_payload: bool = False
    # Kinds only staff ever receive (a new initiative waiting for moderation): residents'
    # notification settings do not offer them.
    staff_only: bool = False

    @property
    def template(self) -> str:
        return f"{self.app}/emails/{self.code}.txt"

    @property
    def subject_template(self) -> str:
        return f"{self.app}/emails/{self.code}_subject.txt"


_KINDS: dict[str, NotificationKind] = {}


def register_kind(
    code: str, label: Any, *, app: str, email_default: bool = True, in_app_default: bool = True,
    can_unsubscribe: bool = True, recipients: Resolver | None = None, letter_context: LetterContext | None = None,
    addresses_in_payload: bool = False, staff_only: bool = False,
) -> NotificationKind:
    """Register a kind; call it from your AppConfig.ready(). Returns the kind."""
    if len(code) > 40:
        raise ImproperlyConfigured(f"Notification kind {code!r} is longer than 40 characters.")
    kind = NotificationKind(
        code=code, label=label, app=app, email_default=email_default, in_app_default=in_app_default,
        can_unsubscribe=can_unsubscribe, recipients=recipients or explicit_recipients,
        letter_context=letter_context, addresses_in_payload=addresses_in_payload, staff_only=staff_only,
    )
    existing = _KINDS.get(code)
    # ready() may run twice in tests; two different definitions of one code would
    # silently change who hears of it.
    if existing is not None and existing != kind:
        raise ImproperlyConfigured(f"Notification kind {code!r} is already registered by {existing.app!r}.")
    _KINDS[code] = kind
    return kind


def get_kind(code: str) -> NotificationKind:
    return _KINDS[code]


def is_kind(code: str) -> bool:
    return code in _KINDS


def all_kinds() -> list[NotificationKind]:
    """Every registered kind, in registration order (the order of INSTALLED_APPS)."""
    return list(_KINDS.values())


def kind_choices() -> list[tuple[str, Any]]:
    """The models' `choices` (a callable, so migrations do not change when an app adds a kind)."""
    return [(kind.code, kind.label) for kind in _KINDS.values()]


def kind_label(code: str) -> Any:
    kind = _KINDS.get(code)
    return kind.label if kind is not None else code


def resolve(code: str, payload: dict) -> Iterable[int]:
    return _KINDS[code].recipients(payload)
