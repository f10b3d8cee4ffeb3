"""Who may do what in the forum. Views, services and the admin all ask these."""

from __future__ import annotations

from typing import TYPE_CHECKING

from accounts import roles

if TYPE_CHECKING:
    from accounts.models import User

    from .models import Registration, ResolutionItem


def is_forum_staff(user: User) -> bool:
    """Moderators (of any district: the forum is city-wide), forum organisers, administrators and superusers."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or any(
        roles.has_role(user, role) for role in (roles.ADMINISTRATOR, roles.MODERATOR, roles.FORUM_ORGANISER)
    )


def is_administrator(user: User) -> bool:
    """Administrators see participants' contacts (e-mail, phone); moderators do not need them."""
    if not user.is_authenticated or not user.is_active:
        return False
    return user.is_superuser or roles.has_role(user, roles.ADMINISTRATOR)


def can_manage_registration(user: User, registration: Registration) -> bool:
    """The participant themself, or forum staff (e.g. someone phoned to say they cannot come)."""
    if not user.is_authenticated:
        return False
    return registration.user_id == user.pk or is_forum_staff(user)


def reporting_council_ids(user: User) -> set[int]:
    """Councils the user currently sits on through a linked CouncilMember record."""
    if not user.is_authenticated:
        return set()
    from councils.models import CouncilMember

    return set(CouncilMember.objects.current().filter(user=user).values_list("council_id", flat=True))


def may_report_on_any(user: User) -> bool:
    """Whether the resolution page may offer this user «Добавить отчёт» on some item (staff, council members)."""
    return user.is_authenticated and user.is_active and (is_forum_staff(user) or bool(reporting_council_ids(user)))


def can_report_on(user: User, item: ResolutionItem) -> bool:
    """Staff, or a current member of one of the councils responsible for the item."""
    if not user.is_authenticated or not user.is_active:
        return False
    if is_forum_staff(user):
        return True
    council_ids = reporting_council_ids(user)
    return bool(council_ids) and item.responsible_councils.filter(pk__in=council_ids).exists()
