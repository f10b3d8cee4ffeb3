"""Staff keep the library's cases; repeats are read-only records."""

from __future__ import annotations

from accounts.roles import ADMINISTRATOR, MODERATOR, register_role_permissions

_CASES = [("practices", f"{a}_practicecase") for a in ("view", "add", "change")] + [
    ("practices", "view_practicerepeat")]


def register() -> None:
    register_role_permissions(MODERATOR, _CASES)
    register_role_permissions(ADMINISTRATOR, [*_CASES, ("practices", "delete_practicecase")])
