"""The one hierarchy of refusals services raise, and one way to show them.

A service raises a `DomainError` (or a subclass) whose message is written for the
person who asked; a view, form, admin action or API endpoint never shows a 500
for it. The helpers below turn it into a form error, a flash message or a JSON
4xx: `status_code` is the one table from kind of refusal to HTTP status.
"""

from __future__ import annotations

from django.contrib import messages
from django.forms import BaseForm
from django.http import HttpRequest, JsonResponse


class DomainError(Exception):
    """A rule of the portal refused the action; the message is for the user (400)."""

    status_code = 400
    code = "invalid"


class NotAllowed(DomainError):
    """The actor has no right to the action (403)."""

    status_code = 403
    code = "not_allowed"


class WrongStatus(DomainError):
    """The object is not in a status that allows the action (409)."""

    status_code = 409
    code = "wrong_status"


class Conflict(DomainError):
    """The action was already done or collides with an existing record (409)."""

    status_code = 409
    code = "conflict"


class Closed(DomainError):
    """The action is not open now (registration closed, deadline passed) (409)."""

    status_code = 409
    code = "closed"


def status_code(exc: DomainError) -> int:
    return exc.status_code


def add_form_error(form: BaseForm, exc: DomainError, field: str | None = None) -> None:
    """Show the refusal on the form (non-field unless a field is named)."""
    form.add_error(field, str(exc))


def message_error(request: HttpRequest, exc: DomainError) -> None:
    """Show the refusal as a flash message on the next page."""
    messages.error(request, str(exc))


def json_error(exc: DomainError) -> JsonResponse:
    """The refusal as the API's 4xx body: {"detail": "...", "code": "not_allowed"}."""
    return JsonResponse({"detail": str(exc), "code": exc.code}, status=exc.status_code)
