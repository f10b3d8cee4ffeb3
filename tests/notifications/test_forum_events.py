"""The forum's events through the outbox: who hears of each, who does not, and that nothing is sent twice."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core import mail
from django.utils import timezone, translation

from accounts.services import user_anonymise
from forum import services as forum_services
from forum import tasks as forum_tasks
from forum.events import Kind
from forum.models import ForumEdition, Registration, ResolutionItem
from notifications.emails import build_message, render_subject
from notifications.kinds import Channel
from notifications.models import Event, Notification
from notifications.services import set_preference
from tests.factories import CouncilFactory, CouncilMemberFactory, DistrictFactory, StaffUserFactory, UserFactory
from tests.forum.factories import SAMARA, ForumEditionFactory, ResolutionItemFactory, SectionFactory, register
from tests.forum.outbox import replay_outbox

pytestmark = pytest.mark.django_db


def recipients(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def mails_to(user) -> list:
    return [message for message in mail.outbox if user.email in message.to]


def day_before(edition: ForumEdition) -> dt.date:
    return timezone.localdate(edition.starts_at) - dt.timedelta(days=1)


@pytest.fixture
def forum_moderator():
    return StaffUserFactory(role="moderator", display_name="Модератор Форума")


@pytest.fixture
def administrator():
    return StaffUserFactory(role="administrator")


# Registration ------------------------------------------------------------------------------


def test_confirmed_registration_letter_has_the_details_and_one_greeting(django_capture_on_commit_callbacks):
    edition = ForumEditionFactory(capacity=5)
    section = SectionFactory(edition=edition, title="ТОС и общественные советы: лучшие практики")
    resident = UserFactory(display_name="Анна К.")
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(edition, resident, [section])

    assert recipients(Kind.FORUM_REGISTRATION) == {resident.pk}
    [message] = mail.outbox
    assert message.to == [resident.email]
    assert message.subject.endswith(f"Форум {edition.year}: участие подтверждено")
    body = message.body
    assert body.count("Здравствуйте") == 1 and "Здравствуйте, Анна К.!" in body
    assert registration.full_name not in body  # the greeting is the layout's, by public name
    for fragment in (registration.display_code, edition.venue, section.title, "/forum/my/",
                     f"/forum/{edition.year}/", f"/forum/{edition.year}/my.ics"):
        assert fragment in body
    # A service message about one's own registration: no unsubscribe link.
    assert "List-Unsubscribe" not in message.extra_headers
    # The in-app line is the subject, and reads on its own.
    notification = Notification.objects.get(recipient=resident)
    assert render_subject(notification) == f"Форум {edition.year}: участие подтверждено"
    assert notification.url == "/forum/my/"


def test_waitlisted_registration_says_so(django_capture_on_commit_callbacks):
    edition = ForumEditionFactory(capacity=1)
    register(edition, UserFactory())
    waiting_user = UserFactory()
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        register(edition, waiting_user)
    [message] = mails_to(waiting_user)
    assert message.subject.endswith(f"Форум {edition.year}: вы в листе ожидания")
    assert "листе ожидания" in message.body


def test_promotion_after_staff_cancellation_reaches_only_the_promoted(
    forum_moderator, django_capture_on_commit_callbacks
):
    edition = ForumEditionFactory(capacity=1)
    holder = register(edition, UserFactory())
    first = register(edition, UserFactory())
    second = register(edition, UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.registration_cancel(holder, actor=forum_moderator)

    event = Event.objects.get(kind=Kind.FORUM_REGISTRATION, payload__notice="promoted")
    assert event.actor == forum_moderator
    assert set(event.notifications.values_list("recipient_id", flat=True)) == {first.user_id}
    assert [m.to for m in mail.outbox] == [[first.user.email]]
    assert "для вас освободилось место" in mail.outbox[0].subject
    assert first.display_code in mail.outbox[0].body
    # Neither the staff member who cancelled, nor the cancelled participant, nor the next in the queue.
    for user in (forum_moderator, holder.user, second.user):
        assert not mails_to(user)


def test_staff_member_promoted_by_their_own_cancellation_of_someone_else_still_hears(
    forum_moderator, django_capture_on_commit_callbacks
):
    # The outbox skips an event's actor; a promotion is about the recipient's own seat, so it must not.
    edition = ForumEditionFactory(capacity=1)
    holder = register(edition, UserFactory())
    register(edition, forum_moderator)
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.registration_cancel(holder, actor=forum_moderator)
    assert [m.to for m in mail.outbox] == [[forum_moderator.email]]


def test_section_promotion_names_the_section(django_capture_on_commit_callbacks):
    edition = ForumEditionFactory(capacity=10)
    section = SectionFactory(edition=edition, capacity=1, title="Национальные проекты на территории города")
    holder = register(edition, UserFactory(), [section])
    first = register(edition, UserFactory(), [section])
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.registration_cancel(holder, actor=holder.user)
    [message] = mail.outbox
    assert message.to == [first.user.email]
    assert message.subject.endswith(f"Форум {edition.year}: освободилось место на площадке")
    assert section.title in message.body


def test_deleting_an_account_gives_its_seat_away_and_the_account_hears_nothing(django_capture_on_commit_callbacks):
    edition = ForumEditionFactory(capacity=1)
    leaving = register(edition, UserFactory())
    waiting = register(edition, UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        user_anonymise(user=leaving.user)
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]
    assert leaving.user_id not in recipients(Kind.FORUM_REGISTRATION)
    assert all("deleted.invalid" not in address for m in mail.outbox for address in m.to)


def test_raising_capacity_in_the_admin_notifies_each_promoted_once(administrator, django_capture_on_commit_callbacks):
    edition = ForumEditionFactory(capacity=1)
    register(edition, UserFactory())
    waiting = [register(edition, UserFactory()) for _ in range(3)]
    ForumEdition.objects.filter(pk=edition.pk).update(capacity=3)
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.fill_free_seats(edition, actor=administrator)
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in waiting[:2])
    replay_outbox()
    assert len(mail.outbox) == 2


# The day-before reminder -------------------------------------------------------------------


@pytest.fixture
def forum_tomorrow():
    """A forum with two confirmed participants, one on the waitlist, one who cancelled."""
    edition = ForumEditionFactory(capacity=2)
    section = SectionFactory(edition=edition, title="Инициативные группы и партнёрские проекты")
    confirmed = [register(edition, UserFactory(), [section]), register(edition, UserFactory())]
    waiting = register(edition, UserFactory())
    cancelled_user = UserFactory()
    cancelled = register(edition, cancelled_user)
    # A waitlisted registration given up: nobody moves up.
    forum_services.registration_cancel(cancelled, actor=cancelled_user)
    assert Registration.objects.get(pk=waiting.pk).status == Registration.Status.WAITLISTED
    return {"edition": edition, "section": section, "confirmed": confirmed, "waiting": waiting,
            "cancelled": cancelled}


def test_reminder_reaches_confirmed_participants_once_however_often_it_runs(
    forum_tomorrow, django_capture_on_commit_callbacks
):
    edition = forum_tomorrow["edition"]
    other = ForumEditionFactory(starts_at=edition.starts_at + dt.timedelta(days=2))
    elsewhere = register(other, UserFactory())
    today = day_before(edition)

    with django_capture_on_commit_callbacks(execute=True):
        assert forum_services.send_reminders(today) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert forum_services.send_reminders(today) == 0
    replay_outbox()

    event = Event.objects.get(kind=Kind.FORUM_REMINDER)
    assert "user_ids" not in event.payload  # participants are read at expansion, not stored
    confirmed = forum_tomorrow["confirmed"]
    assert recipients(Kind.FORUM_REMINDER) == {r.user_id for r in confirmed}
    assert sorted(m.to[0] for m in mail.outbox) == sorted(r.user.email for r in confirmed)
    for user in (forum_tomorrow["waiting"].user, forum_tomorrow["cancelled"].user, elsewhere.user):
        assert not mails_to(user)
    # Each letter carries its own recipient's code and sections, not someone else's.
    [first_letter] = mails_to(confirmed[0].user)
    assert first_letter.subject.endswith(f"Форум {edition.year} — завтра, 10 декабря")
    assert confirmed[0].display_code in first_letter.body and confirmed[1].display_code not in first_letter.body
    assert forum_tomorrow["section"].title in first_letter.body
    assert first_letter.body.count("Здравствуйте") == 1
    assert "List-Unsubscribe" in first_letter.extra_headers
    edition.refresh_from_db()
    assert edition.reminder_sent_on == today


def test_reminder_switched_off_by_email_still_shows_in_the_portal(forum_tomorrow, django_capture_on_commit_callbacks):
    quiet = forum_tomorrow["confirmed"][1].user
    set_preference(quiet, kind=Kind.FORUM_REMINDER, channel=Channel.EMAIL, enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        forum_services.send_reminders(day_before(forum_tomorrow["edition"]))
    row = Notification.objects.get(kind=Kind.FORUM_REMINDER, recipient=quiet)
    assert row.in_app and row.email_status == Notification.EmailStatus.SKIPPED
    assert not mails_to(quiet)
    assert mails_to(forum_tomorrow["confirmed"][0].user)


def test_reminder_skips_forums_not_tomorrow_and_repeats_for_a_moved_forum(
    forum_tomorrow, django_capture_on_commit_callbacks
):
    edition = forum_tomorrow["edition"]
    today = day_before(edition)
    assert forum_services.send_reminders(today - dt.timedelta(days=1)) == 0
    assert forum_services.send_reminders(today) == 1
    # Postponed by a day after the reminder went out: the new eve brings a new reminder.
    ForumEdition.objects.filter(pk=edition.pk).update(
        starts_at=edition.starts_at + dt.timedelta(days=1), ends_at=edition.ends_at + dt.timedelta(days=1)
    )
    assert forum_services.send_reminders(today + dt.timedelta(days=1)) == 1
    assert Event.objects.filter(kind=Kind.FORUM_REMINDER).count() == 2


def test_reminder_task_finds_tomorrows_forum(django_capture_on_commit_callbacks):
    tomorrow = timezone.localdate() + dt.timedelta(days=1)
    starts_at = dt.datetime.combine(tomorrow, dt.time(10, 0), tzinfo=SAMARA)
    edition = ForumEditionFactory(starts_at=starts_at)
    participant = register(edition, UserFactory())
    with django_capture_on_commit_callbacks(execute=True):
        assert forum_tasks.send_reminders.delay().get(timeout=10) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert forum_tasks.send_reminders.delay().get(timeout=10) == 0
    assert [m.to for m in mail.outbox if "завтра" in m.subject] == [[participant.user.email]]


# Resolution item deadlines -----------------------------------------------------------------


@pytest.fixture
def council_item():
    """An item due in 14 days with one responsible council: a current member with an account,
    a former member with an account, and a member without one."""
    today = timezone.localdate()
    council = CouncilFactory(name="Общественный совет микрорайона Шлюзовой")
    current = UserFactory(display_name="Председатель совета")
    former = UserFactory()
    CouncilMemberFactory(council=council, user=current, role="chair")
    CouncilMemberFactory(council=council, user=former, term_end=today - dt.timedelta(days=30))
    CouncilMemberFactory(council=council, user=None)
    item = ResolutionItemFactory(deadline=today + dt.timedelta(days=14), text="организовать обучение актива ТОС;")
    item.responsible_councils.add(council)
    return {"item": item, "council": council, "current": current, "former": former, "today": today}


def test_deadline_notice_reaches_current_council_members_once(council_item, django_capture_on_commit_callbacks):
    city_moderator = StaffUserFactory(role="moderator")
    with django_capture_on_commit_callbacks(execute=True):
        assert forum_services.send_resolution_deadline_notices(council_item["today"]) == 1
    with django_capture_on_commit_callbacks(execute=True):
        assert forum_tasks.resolution_deadlines.delay().get(timeout=10) == 0
    replay_outbox()

    item = council_item["item"]
    assert recipients(Kind.RESOLUTION_DEADLINE) == {council_item["current"].pk}
    [message] = mail.outbox
    assert message.to == [council_item["current"].email]
    year = item.resolution.edition.year
    assert f"Резолюция форума {year}: срок пункта {item.number}" in message.subject
    assert "обучение актива ТОС" in message.body and council_item["council"].name in message.body
    assert f"/forum/{year}/resolution/items/{item.pk}/report/" in message.body
    assert f"/forum/{year}/resolution/#item-{item.number}" in message.body
    assert not mails_to(council_item["former"]) and not mails_to(city_moderator)
    item.refresh_from_db()
    assert item.deadline_notice_for == item.deadline


def test_deadline_notice_skips_closed_and_distant_items_and_repeats_for_a_moved_deadline(
    council_item, django_capture_on_commit_callbacks
):
    today = council_item["today"]
    council = council_item["council"]
    for status, days in ((ResolutionItem.Status.DONE, 10), (ResolutionItem.Status.CANCELLED, 10),
                         (ResolutionItem.Status.IN_PROGRESS, 15), (ResolutionItem.Status.IN_PROGRESS, 0)):
        ResolutionItemFactory(status=status, deadline=today + dt.timedelta(days=days)).responsible_councils.add(council)
    ResolutionItemFactory(deadline=None).responsible_councils.add(council)

    with django_capture_on_commit_callbacks(execute=True):
        assert forum_services.send_resolution_deadline_notices(today) == 1
    item = council_item["item"]
    assert Event.objects.get(kind=Kind.RESOLUTION_DEADLINE).payload["item_id"] == item.pk

    # The deadline moved a month later: its own notice comes 14 days before the new date, not now.
    ResolutionItem.objects.filter(pk=item.pk).update(deadline=item.deadline + dt.timedelta(days=30))
    assert forum_services.send_resolution_deadline_notices(today) == 0
    assert forum_services.send_resolution_deadline_notices(today + dt.timedelta(days=30)) == 1


def test_deadline_notice_without_reachable_council_members_goes_to_city_wide_moderators(
    django_capture_on_commit_callbacks,
):
    today = timezone.localdate()
    council = CouncilFactory()
    CouncilMemberFactory(council=council, user=None)
    item = ResolutionItemFactory(deadline=today + dt.timedelta(days=7), responsible_organisations="Администрация г.о.")
    item.responsible_councils.add(council)
    city_moderator = StaffUserFactory(role="moderator")
    district_moderator = StaffUserFactory(role="moderator", moderated_district=DistrictFactory())
    StaffUserFactory(role="administrator")
    with django_capture_on_commit_callbacks(execute=True):
        assert forum_services.send_resolution_deadline_notices(today) == 1
    assert recipients(Kind.RESOLUTION_DEADLINE) == {city_moderator.pk}
    assert not mails_to(district_moderator)
    [message] = mail.outbox
    assert "модераторы" in message.body and "Администрация г.о." in message.body


def test_deadline_notice_with_nobody_to_tell_waits_for_the_next_run(django_capture_on_commit_callbacks):
    today = timezone.localdate()
    item = ResolutionItemFactory(deadline=today + dt.timedelta(days=14))
    assert forum_services.send_resolution_deadline_notices(today) == 0
    item.refresh_from_db()
    assert item.deadline_notice_for is None and not Event.objects.exists()
    moderator = StaffUserFactory(role="moderator")
    with django_capture_on_commit_callbacks(execute=True):
        assert forum_services.send_resolution_deadline_notices(today) == 1
    assert [m.to for m in mail.outbox] == [[moderator.email]]


# Language ----------------------------------------------------------------------------------


def test_english_preferring_recipients_get_every_forum_letter_rendered(
    council_item, django_capture_on_commit_callbacks
):
    edition = ForumEditionFactory(capacity=1)
    english = UserFactory(preferred_language="en")
    english_waiting = UserFactory(preferred_language="en")
    council_item["current"].preferred_language = "en"
    council_item["current"].save(update_fields=["preferred_language"])
    with django_capture_on_commit_callbacks(execute=True):
        registration = register(edition, english)
        register(edition, english_waiting)
        forum_services.send_reminders(day_before(edition))
        forum_services.send_resolution_deadline_notices(council_item["today"])

    kinds = set(Notification.objects.values_list("kind", flat=True))
    assert kinds == {Kind.FORUM_REGISTRATION, Kind.FORUM_REMINDER, Kind.RESOLUTION_DEADLINE}
    assert Notification.objects.exclude(email_status=Notification.EmailStatus.SENT).count() == 0
    assert len(mails_to(english)) == 2 and len(mails_to(english_waiting)) == 1
    assert all(message.subject.strip() and message.body.strip() for message in mail.outbox)
    assert all(registration.display_code in message.body for message in mails_to(english))
    for notification in Notification.objects.select_related("event", "recipient"):
        message = build_message(notification)
        assert message is not None and message.subject.strip()
        with translation.override("en"):
            assert render_subject(notification)
