"""The forum's refusals: the portal's DomainError hierarchy (core.errors) and four of its own."""

from __future__ import annotations

from core.errors import Closed, Conflict, DomainError, NotAllowed, WrongStatus

__all__ = [
    "AlreadyRegistered", "AlreadySupported", "DomainError", "EditionExists", "NotAllowed", "RegistrationClosed",
    "WrongStatus",
]


class RegistrationClosed(Closed):
    pass


class AlreadyRegistered(Conflict):
    pass


class AlreadySupported(Conflict):
    pass


class EditionExists(Conflict):
    pass
