"""Demo accounts, one per role, printed by `load_demo`.

The password is the documented `DEFAULT_PASSWORD` unless DEMO_PASSWORD is set;
it is only ever set when an account is created.
"""

from __future__ import annotations

from dataclasses import dataclass

DEFAULT_PASSWORD = "tolyatti-demo-2026"  # noqa: S105 — a published demo password, by design
ENV_VAR = "DEMO_PASSWORD"  # the environment variable that overrides DEFAULT_PASSWORD


@dataclass(frozen=True)
class DemoAccount:
    email: str
    role: str  # a name from accounts.roles
    label: str  # what the summary calls this account
    display_name: str
    is_staff: bool = False
    is_superuser: bool = False
    moderated_district: str | None = None  # district slug
    home_microdistrict: str | None = None  # microdistrict slug
    # The demo manager account is linked to the first manager of this district.
    manages_in: str | None = None


DEMO_ACCOUNTS: tuple[DemoAccount, ...] = (
    DemoAccount(
        "admin@demo.tolyatti.local", "administrator", "администратор", "Администратор портала",
        is_staff=True, is_superuser=True,
    ),
    DemoAccount(
        "moderator.avtozavodsky@demo.tolyatti.local", "moderator", "модератор Автозаводского района",
        "Модератор Автозаводского района", is_staff=True, moderated_district="avtozavodsky",
    ),
    DemoAccount(
        "moderator@demo.tolyatti.local", "moderator", "модератор (весь город)", "Модератор портала",
        is_staff=True,
    ),
    DemoAccount(
        "manager@demo.tolyatti.local", "microdistrict_manager", "управляющий микрорайоном", "",
        is_staff=True, manages_in="avtozavodsky",
    ),
    DemoAccount(
        "forum@demo.tolyatti.local", "forum_organiser", "организатор форума", "Оргкомитет форума",
        is_staff=True,
    ),
    DemoAccount(
        "partner@demo.tolyatti.local", "partner_member", "представитель партнёра", "Андрей Белов",
    ),
    DemoAccount(
        "resident@demo.tolyatti.local", "resident", "житель", "Анна К.", home_microdistrict="kvartal-7",
    ),
)
