"""Registration, its waitlist and check-in. Lock order: edition → sections (by pk) → registrations."""

from __future__ import annotations

import logging
from collections.abc import Iterable

from django.db import IntegrityError, transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError, NotAllowed, WrongStatus

from .. import events, permissions, selectors
from ..models import (
    ForumEdition,
    Registration,
    Section,
    SectionRegistration,
    new_checkin_code,
)
from .errors import AlreadyRegistered, RegistrationClosed

logger = logging.getLogger(__name__)

R = Registration.Status
SR = SectionRegistration.Status

# A collision among 32⁸ codes is practically impossible; a few retries make it impossible in practice too.
_CODE_ATTEMPTS = 5


def registration_closed_message(edition: ForumEdition) -> str:
    """Why one cannot register for this edition right now, in words a resident understands."""
    S = ForumEdition.Status
    messages = {
        S.ANNOUNCED: _("Регистрация на форум %(year)s года ещё не открыта. Следите за новостями на этой странице."),
        S.REGISTRATION_CLOSED: _("Регистрация на форум %(year)s года закрыта: приём заявок завершён."),
        S.HELD: _("Форум %(year)s года уже состоялся, регистрация закрыта."),
        S.ARCHIVED: _("Форум %(year)s года уже состоялся, регистрация закрыта."),
    }
    return messages.get(edition.status, _("Регистрация на форум %(year)s года закрыта.")) % {"year": edition.year}


# Seats ------------------------------------------------------------------------------------


def _create_registration(**fields) -> Registration:
    for _attempt in range(_CODE_ATTEMPTS):
        try:
            # A savepoint: a code collision must not abort the whole registration transaction.
            with transaction.atomic():
                return Registration.objects.create(checkin_code=new_checkin_code(), **fields)
        except IntegrityError:
            # The edition lock already excludes a second active registration of the same person;
            # this guards against a registration made outside the service (e.g. a data fix).
            if Registration.objects.filter(
                edition=fields["edition"], user=fields["user"], status__in=Registration.ACTIVE_STATUSES
            ).exists():
                raise AlreadyRegistered(_("Вы уже зарегистрированы на этот форум.")) from None
    raise DomainError(_("Не удалось выдать код регистрации. Попробуйте ещё раз."))


def registration_create(
    *,
    edition: ForumEdition,
    user: User,
    full_name: str,
    participant_type: str,
    organisation: str = "",
    sections: Iterable[Section] = (),
    consent: bool,
) -> Registration:
    """Register a person: a seat if the forum (and each chosen section) has one, otherwise the waitlist.

    The edition row lock serialises registrations of one forum, so counting the
    confirmed seats and taking one is a single step: with N seats left and any
    number of people registering at once, exactly N are confirmed, and the rest
    queue in the order they got the lock (`created_at` is stamped under it).
    """
    full_name = (full_name or "").strip()
    if not full_name:
        raise DomainError(_("Укажите ФИО участника."))
    if not consent:
        raise DomainError(_("Без согласия на обработку персональных данных регистрация невозможна."))
    if not user.is_authenticated or not user.is_active:
        raise NotAllowed(_("Войдите, чтобы зарегистрироваться."))
    section_ids = sorted({section.pk for section in sections})
    with transaction.atomic():
        locked = ForumEdition.objects.select_for_update().get(pk=edition.pk)
        if not locked.is_registration_open:
            raise RegistrationClosed(registration_closed_message(locked))
        if Registration.objects.filter(edition=locked, user=user, status__in=Registration.ACTIVE_STATUSES).exists():
            raise AlreadyRegistered(_("Вы уже зарегистрированы на этот форум."))
        chosen = list(Section.objects.select_for_update().filter(edition=locked, pk__in=section_ids).order_by("pk"))
        if len(chosen) != len(section_ids):
            raise DomainError(_("Выбранная площадка не относится к этому форуму."))
        status = R.CONFIRMED if selectors.edition_seats_taken(locked) < locked.capacity else R.WAITLISTED
        now = timezone.now()
        registration = _create_registration(
            edition=locked, user=user, full_name=full_name, organisation=(organisation or "").strip(),
            participant_type=participant_type, status=status, created_at=now, consent_given_at=now,
        )
        taken = selectors.section_seats_taken(chosen)
        SectionRegistration.objects.bulk_create(
            SectionRegistration(
                registration=registration,
                section=section,
                # Someone on the forum's waitlist queues for the sections too: a section seat is
                # of no use without a place at the forum.
                status=SR.CONFIRMED
                if status == R.CONFIRMED and (section.capacity is None or taken[section.pk] < section.capacity)
                else SR.WAITLISTED,
                created_at=now,
            )
            for section in chosen
        )
        events.registration_created(registration)
    return registration


def _fill_free_seats(edition: ForumEdition) -> tuple[list[int], list[int]]:
    """Give free seats to the waitlist, first come first served; the edition row must be locked.

    Returns the ids of promoted registrations and of section places promoted on
    their own (not as part of a promoted registration), for the notifications.
    """
    now = timezone.now()
    promoted: list[int] = []
    free = edition.capacity - selectors.edition_seats_taken(edition)
    if free > 0:
        waiting = (
            Registration.objects.select_for_update()
            .filter(edition=edition, status=R.WAITLISTED)
            .order_by("created_at", "id")[:free]
        )
        for registration in waiting:
            registration.status = R.CONFIRMED
            registration.promoted_at = now
            registration.save(update_fields=["status", "promoted_at"])
            promoted.append(registration.pk)

    section_promoted: list[int] = []
    sections = list(Section.objects.select_for_update().filter(edition=edition).order_by("pk"))
    taken = selectors.section_seats_taken(sections)
    for section in sections:
        queue = (
            SectionRegistration.objects.select_for_update(of=("self",))
            # Only people who hold a forum seat can take a section seat.
            .filter(section=section, status=SR.WAITLISTED, registration__status__in=Registration.SEAT_STATUSES)
            .order_by("created_at", "id")
        )
        if section.capacity is not None:
            room = section.capacity - taken[section.pk]
            if room <= 0:
                continue
            queue = queue[:room]
        for place in queue:
            place.status = SR.CONFIRMED
            place.save(update_fields=["status"])
            if place.registration_id not in promoted:
                section_promoted.append(place.pk)
    return promoted, section_promoted


def _notify_promotions(promoted: list[int], section_promoted: list[int], *, actor: User | None) -> None:
    """One event per person moved up; called in the transaction that moved them."""
    for registration in Registration.objects.filter(pk__in=promoted).select_related("edition").order_by(
        "created_at", "id"
    ):
        events.registration_promoted(registration, actor=actor)
    for place in SectionRegistration.objects.filter(pk__in=section_promoted).select_related(
        "registration__edition"
    ).order_by("created_at", "id"):
        events.section_place_promoted(place, actor=actor)


def fill_free_seats(edition: ForumEdition, *, actor: User | None = None) -> int:
    """After staff raise a capacity: move the waitlist up. Returns how many registrations got a seat."""
    with transaction.atomic():
        locked = ForumEdition.objects.select_for_update().get(pk=edition.pk)
        if locked.is_over:
            return 0
        promoted, section_promoted = _fill_free_seats(locked)
        _notify_promotions(promoted, section_promoted, actor=actor)
    return len(promoted)


def registration_cancel(registration: Registration, *, actor: User) -> Registration:
    """Cancel by the participant or staff; the freed seats go to the first waitlisted, in the same transaction."""
    with transaction.atomic():
        edition = ForumEdition.objects.select_for_update().get(pk=registration.edition_id)
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if not permissions.can_manage_registration(actor, locked):
            raise NotAllowed(_("У вас нет права на это действие."))
        if edition.is_over:
            raise WrongStatus(_("Форум уже состоялся, регистрацию нельзя отменить."))
        if not locked.is_cancellable:
            raise WrongStatus(
                _("Регистрацию нельзя отменить: её статус «%(status)s».") % {"status": locked.get_status_display()}
            )
        locked.status = R.CANCELLED
        locked.cancelled_at = timezone.now()
        locked.cancelled_by = actor
        locked.save(update_fields=["status", "cancelled_at", "cancelled_by"])
        locked.section_registrations.exclude(status=SR.CANCELLED).update(status=SR.CANCELLED)
        promoted, section_promoted = _fill_free_seats(edition)
        _notify_promotions(promoted, section_promoted, actor=actor)
    registration.status, registration.cancelled_at = locked.status, locked.cancelled_at
    registration.cancelled_by_id = locked.cancelled_by_id
    return registration


def registration_mark_attended(registration: Registration, *, actor: User) -> Registration:
    """Check a participant in at the door."""
    with transaction.atomic():
        locked = Registration.objects.select_for_update().get(pk=registration.pk)
        if not permissions.is_forum_staff(actor):
            raise NotAllowed(_("Отмечать участников могут только сотрудники."))
        edition = ForumEdition.objects.get(pk=locked.edition_id)
        if edition.status not in ForumEdition.CHECKIN_STATUSES:
            raise WrongStatus(_("Отметка участников для этого форума сейчас недоступна."))
        if locked.status == R.ATTENDED:
            raise WrongStatus(
                _("%(name)s уже отмечен(а) в %(time)s.")
                % {"name": locked.full_name, "time": f"{timezone.localtime(locked.attended_at):%H:%M}"}
            )
        if locked.status != R.CONFIRMED:
            raise WrongStatus(
                _("Отметить нельзя: регистрация «%(name)s» в статусе «%(status)s».")
                % {"name": locked.full_name, "status": locked.get_status_display()}
            )
        locked.status = R.ATTENDED
        locked.attended_at = timezone.now()
        locked.checked_in_by = actor
        locked.save(update_fields=["status", "attended_at", "checked_in_by"])
    registration.status, registration.attended_at = locked.status, locked.attended_at
    registration.checked_in_by_id = locked.checked_in_by_id
    return registration
