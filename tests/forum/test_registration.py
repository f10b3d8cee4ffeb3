"""Registration services: seats, waitlist, sections, cancellation with promotion, letters, check-in."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail

from forum import services
from forum.events import Kind
from forum.forms import RegistrationForm
from forum.models import (
    CHECKIN_ALPHABET,
    ForumEdition,
    ParticipantType,
    Registration,
    SectionRegistration,
    normalise_checkin_code,
)
from notifications.models import Notification
from tests.factories import UserFactory

from .factories import ForumEditionFactory, SectionFactory, register
from .outbox import replay_outbox

pytestmark = pytest.mark.django_db
R = Registration.Status
SR = SectionRegistration.Status


def test_seats_are_confirmed_then_waitlisted_in_order():
    edition = ForumEditionFactory(capacity=2)
    regs = [register(edition, UserFactory()) for _ in range(4)]
    assert [r.status for r in regs] == [R.CONFIRMED, R.CONFIRMED, R.WAITLISTED, R.WAITLISTED]
    assert regs[2].created_at <= regs[3].created_at


def test_checkin_code_is_short_typeable_and_unique():
    edition = ForumEditionFactory()
    codes = {register(edition, UserFactory()).checkin_code for _ in range(30)}
    assert len(codes) == 30
    for code in codes:
        assert len(code) == 8
        assert set(code) <= set(CHECKIN_ALPHABET)
        assert not set(code) & set("ILOU")


def test_code_normalisation_accepts_what_people_type():
    assert normalise_checkin_code("abcd-efgh") == "ABCDEFGH"
    assert normalise_checkin_code(" o1l2 i3 ") == "011213"


@pytest.mark.parametrize(
    ("status", "fragment"),
    [
        (ForumEdition.Status.ANNOUNCED, "ещё не открыта"),
        (ForumEdition.Status.REGISTRATION_CLOSED, "закрыта"),
        (ForumEdition.Status.HELD, "уже состоялся"),
        (ForumEdition.Status.ARCHIVED, "уже состоялся"),
    ],
)
def test_registration_refused_unless_open(resident, status, fragment):
    edition = ForumEditionFactory(status=status)
    with pytest.raises(services.RegistrationClosed, match=fragment):
        register(edition, resident)
    assert not Registration.objects.exists()


def test_duplicate_registration_refused(resident):
    edition = ForumEditionFactory()
    register(edition, resident)
    with pytest.raises(services.AlreadyRegistered):
        register(edition, resident)
    assert Registration.objects.count() == 1


def test_can_register_again_after_cancelling(resident):
    edition = ForumEditionFactory()
    first = register(edition, resident)
    services.registration_cancel(first, actor=resident)
    second = register(edition, resident)
    assert second.status == R.CONFIRMED
    assert second.checkin_code != first.checkin_code


def test_consent_and_name_are_required(resident):
    edition = ForumEditionFactory()
    with pytest.raises(services.DomainError, match="согласия"):
        services.registration_create(
            edition=edition, user=resident, full_name="Иванов Иван", participant_type=ParticipantType.TOS,
            consent=False,
        )
    with pytest.raises(services.DomainError, match="ФИО"):
        services.registration_create(
            edition=edition, user=resident, full_name="  ", participant_type=ParticipantType.TOS, consent=True
        )


def test_section_of_another_edition_refused(resident):
    edition = ForumEditionFactory()
    foreign = SectionFactory()
    with pytest.raises(services.DomainError, match="не относится"):
        register(edition, resident, [foreign])


def test_section_capacity_holds_and_queues():
    edition = ForumEditionFactory(capacity=10)
    section = SectionFactory(edition=edition, capacity=2)
    open_section = SectionFactory(edition=edition, capacity=None, starts_at=edition.starts_at)
    regs = [register(edition, UserFactory(), [section, open_section]) for _ in range(3)]
    statuses = [r.section_registrations.get(section=section).status for r in regs]
    assert statuses == [SR.CONFIRMED, SR.CONFIRMED, SR.WAITLISTED]
    # Without its own limit a section takes everyone with a forum seat.
    assert SectionRegistration.objects.filter(section=open_section, status=SR.CONFIRMED).count() == 3


def test_forum_waitlist_queues_for_sections_too():
    edition = ForumEditionFactory(capacity=1)
    section = SectionFactory(edition=edition, capacity=5)
    register(edition, UserFactory(), [section])
    waiting = register(edition, UserFactory(), [section])
    assert waiting.status == R.WAITLISTED
    assert waiting.section_registrations.get().status == SR.WAITLISTED


def test_cancellation_promotes_first_waitlisted_and_mails_once(django_capture_on_commit_callbacks):
    edition = ForumEditionFactory(capacity=1)
    section = SectionFactory(edition=edition, capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        holder = register(edition, UserFactory(), [section])
        first = register(edition, UserFactory(), [section])
        second = register(edition, UserFactory(), [section])
    assert len(mail.outbox) == 3
    assert "листе ожидания" in mail.outbox[1].subject
    mail.outbox.clear()

    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(holder, actor=holder.user)

    first.refresh_from_db()
    second.refresh_from_db()
    assert first.status == R.CONFIRMED and first.promoted_at is not None
    assert second.status == R.WAITLISTED
    # The section seat went with the forum seat.
    assert first.section_registrations.get().status == SR.CONFIRMED
    assert holder.section_registrations.get().status == SR.CANCELLED
    assert [m.to for m in mail.outbox] == [[first.user.email]]
    assert "освободилось место" in mail.outbox[0].subject
    assert first.display_code in mail.outbox[0].body
    # Redelivered task messages (expansion and delivery run again) send nothing more.
    notifications = Notification.objects.count()
    replay_outbox()
    assert len(mail.outbox) == 1
    assert Notification.objects.count() == notifications
    assert Notification.objects.filter(kind=Kind.FORUM_REGISTRATION, recipient=first.user).count() == 2


def test_section_seat_freed_goes_to_first_eligible_in_section_queue(django_capture_on_commit_callbacks):
    edition = ForumEditionFactory(capacity=10)
    section = SectionFactory(edition=edition, capacity=1)
    holder = register(edition, UserFactory(), [section])
    first = register(edition, UserFactory(), [section])
    second = register(edition, UserFactory(), [section])
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(holder, actor=holder.user)
    assert first.section_registrations.get().status == SR.CONFIRMED
    assert second.section_registrations.get().status == SR.WAITLISTED
    assert [m.to for m in mail.outbox] == [[first.user.email]]
    assert section.title in mail.outbox[0].body
    assert "освободилось место на площадке" in mail.outbox[0].subject
    replay_outbox()
    assert len(mail.outbox) == 1


def test_cancelling_a_waitlisted_registration_promotes_nobody(django_capture_on_commit_callbacks):
    edition = ForumEditionFactory(capacity=1)
    register(edition, UserFactory())
    waiting = register(edition, UserFactory())
    third = register(edition, UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        services.registration_cancel(waiting, actor=waiting.user)
    third.refresh_from_db()
    assert third.status == R.WAITLISTED
    assert mail.outbox == []


def test_staff_cancel_and_stranger_cannot(forum_moderator, other_resident):
    edition = ForumEditionFactory(capacity=1)
    registration = register(edition, UserFactory())
    with pytest.raises(services.NotAllowed):
        services.registration_cancel(registration, actor=other_resident)
    services.registration_cancel(registration, actor=forum_moderator)
    registration.refresh_from_db()
    assert registration.status == R.CANCELLED
    assert registration.cancelled_by == forum_moderator


def test_cannot_cancel_after_the_forum(resident):
    edition = ForumEditionFactory()
    registration = register(edition, resident)
    ForumEdition.objects.filter(pk=edition.pk).update(status=ForumEdition.Status.HELD)
    with pytest.raises(services.WrongStatus):
        services.registration_cancel(registration, actor=resident)


def test_raising_capacity_moves_the_waitlist(django_capture_on_commit_callbacks):
    edition = ForumEditionFactory(capacity=1)
    register(edition, UserFactory())
    waiting = [register(edition, UserFactory()) for _ in range(3)]
    ForumEdition.objects.filter(pk=edition.pk).update(capacity=3)
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        assert services.fill_free_seats(edition) == 2
    assert [Registration.objects.get(pk=r.pk).status for r in waiting] == [R.CONFIRMED, R.CONFIRMED, R.WAITLISTED]
    assert len(mail.outbox) == 2


def test_registration_notice_says_confirmed_or_waitlisted(django_capture_on_commit_callbacks):
    edition = ForumEditionFactory(capacity=1)
    with django_capture_on_commit_callbacks(execute=True):
        confirmed = register(edition, UserFactory())
        register(edition, UserFactory())
    assert "участие подтверждено" in mail.outbox[0].subject
    assert confirmed.display_code in mail.outbox[0].body
    assert "листе ожидания" in mail.outbox[1].subject
    # The outbox's layout greets the person; the forum's text does not greet a second time.
    assert all(message.body.count("Здравствуйте") == 1 for message in mail.outbox)


def test_mark_attended_by_staff_only(forum_moderator, resident):
    edition = ForumEditionFactory()
    registration = register(edition, resident)
    with pytest.raises(services.NotAllowed):
        services.registration_mark_attended(registration, actor=resident)
    services.registration_mark_attended(registration, actor=forum_moderator)
    registration.refresh_from_db()
    assert registration.status == R.ATTENDED
    assert registration.checked_in_by == forum_moderator
    with pytest.raises(services.WrongStatus, match="уже отмечен"):
        services.registration_mark_attended(registration, actor=forum_moderator)


def test_waitlisted_cannot_be_checked_in(forum_moderator):
    edition = ForumEditionFactory(capacity=1)
    register(edition, UserFactory())
    waiting = register(edition, UserFactory())
    with pytest.raises(services.WrongStatus, match="лист ожидания"):
        services.registration_mark_attended(waiting, actor=forum_moderator)


def test_attended_still_holds_a_seat():
    edition = ForumEditionFactory(capacity=1)
    first = register(edition, UserFactory())
    Registration.objects.filter(pk=first.pk).update(status=R.ATTENDED)
    assert register(edition, UserFactory()).status == R.WAITLISTED


def test_form_refuses_sections_at_the_same_time():
    edition = ForumEditionFactory()
    a = SectionFactory(edition=edition)
    b = SectionFactory(edition=edition, starts_at=a.starts_at + dt.timedelta(minutes=30))
    form = RegistrationForm(
        data={"full_name": "Иванов Иван", "participant_type": "resident", "sections": [a.pk, b.pk], "consent": "on"},
        sections=edition.sections.all(),
    )
    assert not form.is_valid()
    assert "в одно время" in str(form.errors["sections"])
