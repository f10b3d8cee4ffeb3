"""Who hears of each event, and who does not; delivery exactly once."""

from __future__ import annotations

import pytest
from django.core import mail

from accounts.services import user_anonymise
from initiatives import services as initiative_services
from initiatives.kinds import Kind
from initiatives.models import Initiative
from notifications.kinds import Channel
from notifications.models import Event, Notification
from notifications.services import deliver_emails, expand_event, set_preference
from tests.factories import DistrictFactory, StaffUserFactory, UserFactory
from tests.notifications.conftest import make_initiative

pytestmark = pytest.mark.django_db


def recipients(kind: str) -> set[int]:
    return set(Notification.objects.filter(kind=kind).values_list("recipient_id", flat=True))


def mailed_to() -> list[str]:
    return sorted(address for message in mail.outbox for address in message.to)


def test_status_change_reaches_group_and_followers_but_not_the_actor(
    initiative, people, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.initiative_forward(initiative, actor=people["moderator"], reason="Передано в совет")
    assert recipients(Kind.STATUS_CHANGED) == {people["author"].pk, people["coauthor"].pk, people["follower"].pk}
    assert mailed_to() == sorted(people[k].email for k in ("author", "coauthor", "follower"))
    message = mail.outbox[0]
    assert "на рассмотрении" in message.body and "Передано в совет" in message.body
    assert message.extra_headers["List-Unsubscribe"].startswith("<http")
    assert message.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    assert message.alternatives and message.alternatives[0][1] == "text/html"
    assert people["moderator"].email not in mailed_to()


def test_unsubscribed_follower_gets_in_app_only_and_fully_opted_out_gets_nothing(
    initiative, people, django_capture_on_commit_callbacks
):
    set_preference(people["follower"], kind=Kind.STATUS_CHANGED, channel=Channel.EMAIL, enabled=False)
    set_preference(people["coauthor"], kind=Kind.STATUS_CHANGED, channel=Channel.EMAIL, enabled=False)
    set_preference(people["coauthor"], kind=Kind.STATUS_CHANGED, channel=Channel.IN_APP, enabled=False)
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.initiative_forward(initiative, actor=people["moderator"])
    follower_row = Notification.objects.get(recipient=people["follower"])
    assert follower_row.in_app and follower_row.email_status == Notification.EmailStatus.SKIPPED
    assert not Notification.objects.filter(recipient=people["coauthor"]).exists()
    assert mailed_to() == [people["author"].email]


def test_deleted_account_hears_nothing(initiative, people, django_capture_on_commit_callbacks):
    user_anonymise(user=people["coauthor"])
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.initiative_forward(initiative, actor=people["moderator"])
    assert people["coauthor"].pk not in recipients(Kind.STATUS_CHANGED)
    assert all("deleted.invalid" not in a for a in mailed_to())


def test_submission_reaches_moderators_of_that_district_and_city_wide_only(
    people, place, django_capture_on_commit_callbacks
):
    draft = make_initiative(author=people["author"], microdistrict=place, status=Initiative.Status.DRAFT)
    city_moderator = StaffUserFactory(role="moderator")
    elsewhere = StaffUserFactory(role="moderator", moderated_district=DistrictFactory())
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.initiative_submit(draft, actor=people["author"])
    assert recipients(Kind.INITIATIVE_SUBMITTED) == {people["moderator"].pk, city_moderator.pk}
    assert elsewhere.pk not in recipients(Kind.INITIATIVE_SUBMITTED)


def test_threshold_reached_reaches_group_council_and_manager(
    people, place, council_and_manager, django_capture_on_commit_callbacks
):
    initiative = make_initiative(author=people["author"], microdistrict=place, support_threshold=1)
    supporter = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.support_add(initiative, user=supporter)
    member_user, manager_user = council_and_manager
    assert recipients(Kind.THRESHOLD_REACHED) == {people["author"].pk, member_user.pk, manager_user.pk}
    # The status change itself reaches the supporter, who now follows the initiative.
    assert supporter.pk in recipients(Kind.STATUS_CHANGED)


def test_comment_reaches_author_and_followers_and_reply_reaches_parent_author(
    initiative, people, django_capture_on_commit_callbacks
):
    neighbour = UserFactory()
    with django_capture_on_commit_callbacks(execute=True):
        parent = initiative_services.comment_add(initiative, author=neighbour, body="Отличная идея!")
    assert neighbour.pk not in recipients(Kind.COMMENT_NEW)
    assert people["follower"].pk in recipients(Kind.COMMENT_NEW)
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.comment_add(initiative, author=people["author"], body="Спасибо!", parent=parent)
    assert recipients(Kind.COMMENT_REPLY) == {neighbour.pk}


def test_hidden_comment_author_is_told_the_reason(initiative, people, django_capture_on_commit_callbacks):
    neighbour = UserFactory()
    comment = initiative_services.comment_add(initiative, author=neighbour, body="Грубость")
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.comment_hide(comment, moderator=people["moderator"], reason="Оскорбление")
    assert recipients(Kind.COMMENT_HIDDEN) == {neighbour.pk}
    hidden_mail = [m for m in mail.outbox if neighbour.email in m.to]
    assert len(hidden_mail) == 1 and "Оскорбление" in hidden_mail[0].body
    assert "List-Unsubscribe" not in hidden_mail[0].extra_headers


def test_invitation_goes_by_email_to_someone_without_an_account(people, place, django_capture_on_commit_callbacks):
    draft = make_initiative(author=people["author"], microdistrict=place, status=Initiative.Status.DRAFT)
    with django_capture_on_commit_callbacks(execute=True):
        invitation = initiative_services.invitation_create(draft, actor=people["author"], email="Newcomer@Example.org")
    assert mailed_to() == ["newcomer@example.org"]
    assert str(invitation.token) in mail.outbox[0].body
    row = Notification.objects.get(kind=Kind.COAUTHOR_INVITATION)
    assert row.recipient is None and not row.in_app


def test_expanding_and_delivering_twice_sends_once(initiative, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.initiative_forward(initiative, actor=people["moderator"])
    event = Event.objects.get(kind=Kind.STATUS_CHANGED)
    sent = len(mail.outbox)
    Event.objects.filter(pk=event.pk).update(expanded_at=None, claimed_at=None)
    expand_event(event.pk)
    deliver_emails(list(Notification.objects.values_list("pk", flat=True)))
    assert Notification.objects.filter(event=event).count() == 3
    assert len(mail.outbox) == sent == 3


def test_smtp_failure_is_retried_with_backoff_then_marked_failed(initiative, people, settings, monkeypatch):
    from notifications import services

    initiative_services.initiative_forward(initiative, actor=people["moderator"])
    event = Event.objects.get(kind=Kind.STATUS_CHANGED)
    monkeypatch.setattr(services, "enqueue", lambda *a: None)
    expand_event(event.pk)

    def refuse(self, *args, **kwargs):
        raise OSError("SMTP server unavailable")

    monkeypatch.setattr("django.core.mail.EmailMessage.send", refuse)
    row = Notification.objects.filter(event=event).first()
    deliver_emails([row.pk])
    row.refresh_from_db()
    assert row.email_status == "pending" and row.email_attempts == 1
    assert "SMTP server unavailable" in row.email_error and row.email_next_attempt_at is not None
    # Not due yet: an immediate retry does nothing.
    deliver_emails([row.pk])
    row.refresh_from_db()
    assert row.email_attempts == 1
    for _ in range(services.MAX_EMAIL_ATTEMPTS):
        Notification.objects.filter(pk=row.pk).update(email_next_attempt_at=None)
        deliver_emails([row.pk])
    row.refresh_from_db()
    assert row.email_status == "failed" and row.email_attempts == services.MAX_EMAIL_ATTEMPTS


def test_hidden_comment_takes_no_replies_and_no_reports(initiative, people):
    from initiatives.services import DomainError

    neighbour, other = UserFactory(), UserFactory()
    comment = initiative_services.comment_add(initiative, author=neighbour, body="Грубость")
    initiative_services.comment_hide(comment, moderator=people["moderator"], reason="Оскорбление")
    with pytest.raises(DomainError):
        initiative_services.comment_add(initiative, author=other, body="Ответ", parent=comment)
    with pytest.raises(DomainError):
        initiative_services.comment_report(comment, reporter=other)


def test_plain_text_letters_are_not_html_escaped(people, place, django_capture_on_commit_callbacks):
    initiative = make_initiative(author=people["author"], microdistrict=place, title="Дворы & скверы «Вместе»")
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.initiative_forward(initiative, actor=people["moderator"])
    message = mail.outbox[0]
    assert "Дворы & скверы «Вместе»" in message.body and "&amp;" not in message.body
    assert "Дворы &amp; скверы" in message.alternatives[0][0]
