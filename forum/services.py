"""Writes of the forum: registration and its waitlist, check-in, resolution reports, topics, editions.

House style: lock the rows the decision depends on (select_for_update), check on
the locked copy, save, and record a notification event (forum.events) in the same
transaction: the outbox delivers it after commit, once per recipient, so letters
go out only for what was really committed and never twice.

Lock order is always edition → sections (by pk) → registrations. Every write
that can change who holds a seat takes the edition lock first, so concurrent
registrations and cancellations of one forum run one after another, and two
writers never wait for each other's rows in opposite order (no deadlocks).
"""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable, Iterable

from django.core.files.uploadedfile import UploadedFile
from django.db import IntegrityError, transaction
from django.db.models import Count, F, Q
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Closed, Conflict, DomainError, NotAllowed, WrongStatus

from . import events, permissions
from .models import (
    ForumEdition,
    ProgressReport,
    Registration,
    ResolutionItem,
    Section,
    SectionRegistration,
    Topic,
    TopicSupport,
    new_checkin_code,
)

logger = logging.getLogger(__name__)

R = Registration.Status
SR = SectionRegistration.Status

# A collision among 32⁸ codes is practically impossible; a few retries make it impossible in practice too.
_CODE_ATTEMPTS = 5


class RegistrationClosed(Closed):
    pass


class AlreadyRegistered(Conflict):
    pass


class AlreadySupported(Conflict):
    pass


class EditionExists(Conflict):
    pass


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


def _edition_seats_taken(edition: ForumEdition) -> int:
    return Registration.objects.filter(edition=edition, status__in=Registration.SEAT_STATUSES).count()


def _section_seats_taken(sections: Iterable[Section]) -> dict[int, int]:
    ids = [section.pk for section in sections]
    rows = (
        SectionRegistration.objects.filter(section_id__in=ids, status=SR.CONFIRMED)
        .values("section_id")
        .annotate(taken=Count("id"))
    )
    taken = dict.fromkeys(ids, 0)
    taken.update({row["section_id"]: row["taken"] for row in rows})
    return taken


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
        status = R.CONFIRMED if _edition_seats_taken(locked) < locked.capacity else R.WAITLISTED
        now = timezone.now()
        registration = _create_registration(
            edition=locked, user=user, full_name=full_name, organisation=(organisation or "").strip(),
            participant_type=participant_type, status=status, created_at=now, consent_given_at=now,
        )
        taken = _section_seats_taken(chosen)
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
    free = edition.capacity - _edition_seats_taken(edition)
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
    taken = _section_seats_taken(sections)
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


# Resolution -------------------------------------------------------------------------------


def progress_report_add(
    item: ResolutionItem,
    *,
    author: User | None,
    text: str,
    reported_on: dt.date | None = None,
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
    new_status: str = "",
    new_percent: int | None = None,
    may_report: Callable[[ResolutionItem], bool] | None = None,
) -> ProgressReport:
    """Record a report on a resolution item and, if given, move the item's status and percent.

    `may_report` replaces the person's right check for callers that act for an organisation
    (a partner's API key responsible for the item, see partners); it runs on the locked row.
    """
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Опишите, что сделано."))
    if new_status and new_status not in ResolutionItem.Status.values:
        raise DomainError(_("Неизвестный статус пункта."))
    if new_percent is not None and not 0 <= new_percent <= 100:
        raise DomainError(_("Процент выполнения — от 0 до 100."))
    if new_status == ResolutionItem.Status.DONE:
        # A done item is complete: the stored percent says so too, whatever was typed.
        new_percent = 100
    with transaction.atomic():
        locked = ResolutionItem.objects.select_for_update().get(pk=item.pk)
        allowed = may_report(locked) if may_report is not None else (
            author is not None and permissions.can_report_on(author, locked)
        )
        if not allowed:
            raise NotAllowed(_("Отчитываться по этому пункту могут сотрудники и члены ответственных советов."))
        report = ProgressReport.objects.create(
            item=locked, author=author, text=text, reported_on=reported_on or timezone.localdate(),
            evidence_url=evidence_url or "", evidence_file=evidence_file or "",
            new_status=new_status or "", new_percent=new_percent,
        )
        changed = []
        if new_status and new_status != locked.status:
            locked.status = new_status
            changed.append("status")
        if new_percent is not None and new_percent != locked.progress_percent:
            locked.progress_percent = new_percent
            changed.append("progress_percent")
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
    item.status, item.progress_percent = locked.status, locked.progress_percent
    return report


# Notices ahead of dates ---------------------------------------------------------------------

# How long before its deadline the responsible party hears of a resolution item.
DEADLINE_NOTICE_DAYS = 14


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day as an aware half-open interval, so «starts tomorrow» means the forum's own calendar day."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def send_reminders(today: dt.date | None = None) -> int:
    """Remind the participants of every forum starting tomorrow. Returns how many forums were reminded of.

    Each edition is claimed with a conditional UPDATE of `reminder_sent_on` in
    the transaction that records the event: a second run the same day (a retry,
    a manual run next to beat's) finds it claimed and records nothing, and if
    recording fails the claim rolls back with it, so the next run tries again.
    One event stands for the whole forum; its resolver lists the participants.
    """
    today = today or timezone.localdate()
    start, end = _day_bounds(today + dt.timedelta(days=1))
    due = ForumEdition.objects.filter(
        status__in=(ForumEdition.Status.REGISTRATION_OPEN, ForumEdition.Status.REGISTRATION_CLOSED),
        starts_at__gte=start, starts_at__lt=end,
    ).exclude(reminder_sent_on=today)
    reminded = 0
    for edition_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            # The same conditions again: the forum may have been moved since it was listed.
            if not due.filter(pk=edition_id).update(reminder_sent_on=today):
                continue
            events.reminder(ForumEdition.objects.get(pk=edition_id))
        reminded += 1
    return reminded


def _deadline_recipients(item: ResolutionItem, today: dt.date) -> tuple[list[int], str]:
    """Current members of the responsible councils who have an account; failing them, the city-wide moderators.

    Returns the user ids and who they are («council» or «moderators»), which the letter explains.
    """
    from accounts import roles
    from councils.models import CouncilMember

    members = set(
        CouncilMember.objects.current(today)
        .filter(council__in=item.responsible_councils.all(), user__is_active=True, user__anonymised_at__isnull=True)
        .values_list("user_id", flat=True)
        .order_by()
    )
    if members:
        return sorted(members), "council"
    # Nobody on the councils can be reached through the portal: the people who run the
    # forum city-wide follow the item up instead, so a deadline never passes unnoticed.
    moderators = User.objects.filter(
        groups__name=roles.MODERATOR, moderated_district__isnull=True, is_active=True, anonymised_at__isnull=True
    )
    return sorted(set(moderators.values_list("pk", flat=True).order_by())), "moderators"


def send_resolution_deadline_notices(today: dt.date | None = None) -> int:
    """Tell the responsible party of each open item whose deadline is at most 14 days away. Returns how many items.

    An item is claimed by setting `deadline_notice_for` to its deadline with a
    conditional UPDATE in the transaction that records the event, so the notice
    goes once per deadline however often this runs. Taking every deadline within
    the window, not only those exactly 14 days away, means a day beat missed, or a
    deadline entered late, still gets its notice.
    """
    today = today or timezone.localdate()
    due = (
        ResolutionItem.objects.filter(deadline__gt=today, deadline__lte=today + dt.timedelta(days=DEADLINE_NOTICE_DAYS))
        .exclude(status__in=(ResolutionItem.Status.DONE, ResolutionItem.Status.CANCELLED))
        .filter(Q(deadline_notice_for__isnull=True) | ~Q(deadline_notice_for=F("deadline")))
    )
    notified = 0
    for item_id in list(due.values_list("pk", flat=True).order_by("pk")):
        with transaction.atomic():
            if not due.filter(pk=item_id).update(deadline_notice_for=F("deadline")):
                continue
            item = ResolutionItem.objects.select_related("resolution__edition").get(pk=item_id)
            user_ids, audience = _deadline_recipients(item, today)
            if not user_ids:
                # The claim is undone, so tomorrow's run tries again once someone can be told.
                logger.warning("Resolution item %s: nobody to tell of its deadline %s.", item.pk, item.deadline)
                transaction.set_rollback(True)
                continue
            events.resolution_deadline(item, user_ids=user_ids, audience=audience)
        notified += 1
    return notified


# Topics -----------------------------------------------------------------------------------


def topic_propose(*, edition: ForumEdition, author: User, title: str, description: str) -> Topic:
    title, description = (title or "").strip(), (description or "").strip()
    if not title or not description:
        raise DomainError(_("Укажите тему и объясните, почему она важна."))
    if not author.is_authenticated or not author.is_active:
        raise NotAllowed(_("Войдите, чтобы предложить тему."))
    if not edition.is_upcoming:
        raise WrongStatus(_("Темы принимаются только для предстоящего форума."))
    return Topic.objects.create(edition=edition, author=author, title=title, description=description)


def _recount(topic: Topic) -> None:
    # Counted, not incremented: the row lock makes the count exact even if a support row was fixed by hand.
    topic.support_count = TopicSupport.objects.filter(topic=topic).count()
    topic.save(update_fields=["support_count"])


def topic_support(topic: Topic, *, user: User) -> Topic:
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if not user.is_authenticated or not user.is_active:
            raise NotAllowed(_("Войдите, чтобы поддержать тему."))
        if locked.author_id == user.pk:
            raise NotAllowed(_("Нельзя поддержать собственную тему."))
        if locked.status != Topic.Status.PROPOSED:
            raise WrongStatus(_("Поддержка закрыта: тема уже рассмотрена."))
        _support, created = TopicSupport.objects.get_or_create(topic=locked, user=user)
        if not created:
            raise AlreadySupported(_("Вы уже поддержали эту тему."))
        _recount(locked)
    topic.support_count = locked.support_count
    return topic


def topic_unsupport(topic: Topic, *, user: User) -> Topic:
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if locked.status != Topic.Status.PROPOSED:
            raise WrongStatus(_("Поддержка закрыта: тема уже рассмотрена."))
        deleted, _rows = TopicSupport.objects.filter(topic=locked, user=user).delete()
        if not deleted:
            raise DomainError(_("Вы не поддерживали эту тему."))
        _recount(locked)
    topic.support_count = locked.support_count
    return topic


def topic_select(topic: Topic, *, actor: User, create_section: bool = False) -> Topic:
    """Staff put a topic into the programme, optionally as a new section to be scheduled."""
    with transaction.atomic():
        locked = Topic.objects.select_for_update(of=("self",)).select_related("edition").get(pk=topic.pk)
        if not permissions.is_forum_staff(actor):
            raise NotAllowed(_("У вас нет права на это действие."))
        if locked.status == Topic.Status.SELECTED and not (create_section and locked.section_id is None):
            raise WrongStatus(_("Тема «%(title)s» уже в программе.") % {"title": locked.title})
        if not locked.edition.is_upcoming:
            raise WrongStatus(_("Программа форума %(year)s года уже не меняется.") % {"year": locked.edition.year})
        locked.status = Topic.Status.SELECTED
        if create_section and locked.section_id is None:
            # Placed over the whole forum day: staff set the real time and room in the programme.
            locked.section = Section.objects.create(
                edition=locked.edition, title=locked.title, description=locked.description,
                starts_at=locked.edition.starts_at, ends_at=locked.edition.ends_at,
            )
        locked.save(update_fields=["status", "section"])
    topic.status, topic.section_id = locked.status, locked.section_id
    return topic


def topic_decline(topic: Topic, *, actor: User) -> Topic:
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if not permissions.is_forum_staff(actor):
            raise NotAllowed(_("У вас нет права на это действие."))
        if locked.status != Topic.Status.PROPOSED:
            raise WrongStatus(_("Тема «%(title)s» уже рассмотрена.") % {"title": locked.title})
        locked.status = Topic.Status.DECLINED
        locked.moderated_by, locked.moderated_at = actor, timezone.now()
        locked.save(update_fields=["status", "moderated_by", "moderated_at"])
    topic.status = locked.status
    return topic


def topic_hide(topic: Topic, *, actor: User, reason: str) -> Topic:
    """A moderator takes a topic off the public list (insults, personal data, advertising), saying why."""
    reason = (reason or "").strip()
    if not reason:
        raise DomainError(_("Укажите причину."))
    with transaction.atomic():
        locked = Topic.objects.select_for_update().get(pk=topic.pk)
        if not permissions.is_forum_staff(actor):
            raise NotAllowed(_("У вас нет права на это действие."))
        if locked.status not in (Topic.Status.PROPOSED, Topic.Status.DECLINED):
            raise WrongStatus(
                _("Тему «%(title)s» нельзя скрыть: она уже в программе или скрыта.") % {"title": locked.title}
            )
        locked.status = Topic.Status.HIDDEN
        locked.hidden_reason = reason
        locked.moderated_by, locked.moderated_at = actor, timezone.now()
        locked.save(update_fields=["status", "hidden_reason", "moderated_by", "moderated_at"])
    topic.status, topic.hidden_reason = locked.status, locked.hidden_reason
    return topic


# Editions ---------------------------------------------------------------------------------


def _next_year(moment: dt.datetime) -> dt.datetime:
    """The same local wall-clock time a year later (29 February becomes 28 February)."""
    local = timezone.localtime(moment)
    try:
        return local.replace(year=local.year + 1)
    except ValueError:
        return local.replace(year=local.year + 1, day=28)


def edition_copy_to_next_year(edition: ForumEdition) -> ForumEdition:
    """Next year's forum from this one's structure: sections shifted by a year; no people, no registrations.

    Speakers and moderators are not copied: they change from year to year and a
    copied name would announce someone who has not agreed to speak.
    """
    year = edition.year + 1
    if ForumEdition.objects.filter(year=year).exists():
        raise EditionExists(_("Форум %(year)s года уже существует.") % {"year": year})
    try:
        with transaction.atomic():
            copy = ForumEdition.objects.create(
                year=year, title=edition.title, starts_at=_next_year(edition.starts_at),
                ends_at=_next_year(edition.ends_at), venue=edition.venue, address=edition.address,
                description=edition.description, capacity=edition.capacity, status=ForumEdition.Status.ANNOUNCED,
            )
            Section.objects.bulk_create(
                Section(
                    edition=copy, title=section.title, description=section.description, room=section.room,
                    capacity=section.capacity, starts_at=_next_year(section.starts_at),
                    ends_at=_next_year(section.ends_at),
                )
                for section in edition.sections.order_by("starts_at", "id")
            )
    except IntegrityError:
        # Someone created the year between the check and the insert.
        raise EditionExists(_("Форум %(year)s года уже существует.") % {"year": year}) from None
    return copy

