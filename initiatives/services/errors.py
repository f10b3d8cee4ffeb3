"""The refusals initiatives' services raise: the portal's one hierarchy from core.errors."""

from core.errors import DomainError, NotAllowed, WrongStatus

__all__ = ["DomainError", "NotAllowed", "WrongStatus"]
