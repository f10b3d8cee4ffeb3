"""Invitations cannot be used to mail anyone at will: limits, a pause after a refusal, «don't write to me»."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from django.core import mail
from django.utils import timezone

from initiatives import services
from initiatives.models import CoauthorInvitation, Initiative
from initiatives.services import group
from notifications.models import EmailOptOut

from .factories import CoauthorInvitationFactory

pytestmark = pytest.mark.django_db
S = Initiative.Status
ADDRESS = "sosed.vera@example.org"


@pytest.fixture
def draft(make_initiative) -> Initiative:
    return make_initiative(status=S.DRAFT, with_coauthor=False, published_at=None)


def _invite(draft, author, email=ADDRESS, capture=None) -> CoauthorInvitation:
    if capture is None:
        return services.invitation_create(draft, actor=author, email=email)
    with capture(execute=True):
        return services.invitation_create(draft, actor=author, email=email)


def test_invite_revoke_invite_is_refused_for_a_month(draft, author):
    invitation = _invite(draft, author)
    services.invitation_revoke(invitation, actor=author)
    with pytest.raises(services.DomainError, match="через месяц"):
        _invite(draft, author)
    CoauthorInvitation.objects.filter(pk=invitation.pk).update(answered_at=timezone.now() - dt.timedelta(days=31))
    assert _invite(draft, author).status == "pending"


def test_a_new_draft_is_no_way_around_the_pause(draft, author, make_initiative):
    services.invitation_revoke(_invite(draft, author), actor=author)
    other = make_initiative(status=S.DRAFT, with_coauthor=False, published_at=None)
    with pytest.raises(services.DomainError, match="через месяц"):
        _invite(other, author)


def test_declined_address_is_not_invited_again_within_a_month(draft, author):
    CoauthorInvitationFactory(
        initiative=draft, accepted=False, email=ADDRESS, status="declined",
        answered_at=timezone.now() - dt.timedelta(days=3),
    )
    with pytest.raises(services.DomainError):
        _invite(draft, author)


def test_invitations_per_initiative_are_limited(draft, author):
    for n in range(group.MAX_INVITATIONS_PER_INITIATIVE):
        CoauthorInvitationFactory(initiative=draft, accepted=False, email=f"old{n}@example.org", status="revoked",
                                  answered_at=timezone.now() - dt.timedelta(days=60),
                                  created_at=timezone.now() - dt.timedelta(days=60))
    with pytest.raises(services.DomainError, match="не больше 30"):
        _invite(draft, author, email="new@example.org")


def test_invitations_per_day_are_limited(make_initiative, author):
    for n in range(group.MAX_INVITATIONS_PER_DAY):
        other = make_initiative(status=S.DRAFT, with_coauthor=False, published_at=None)
        _invite(other, author, email=f"friend{n}@example.org")
    with pytest.raises(services.DomainError, match="За сутки"):
        _invite(make_initiative(status=S.DRAFT, with_coauthor=False, published_at=None), author)


def test_letter_to_a_non_member_has_a_one_click_stop_link_that_works(
    client, draft, author, make_initiative, django_capture_on_commit_callbacks
):
    _invite(draft, author, capture=django_capture_on_commit_callbacks)
    [letter] = mail.outbox
    assert letter.extra_headers["List-Unsubscribe-Post"] == "List-Unsubscribe=One-Click"
    stop_url = re.search(r"<(.+)>", letter.extra_headers["List-Unsubscribe"]).group(1)
    assert stop_url in letter.body
    path = stop_url.split("://", 1)[1].split("/", 1)[1]

    assert client.get(f"/{path}").status_code == 200  # a link scanner's GET changes nothing
    assert not EmailOptOut.covers(ADDRESS)
    assert client.post(f"/{path}").status_code == 200  # the mail client's one-click POST (no CSRF token)
    assert EmailOptOut.covers(ADDRESS)
    assert ADDRESS not in str(EmailOptOut.objects.values_list("address_hash", flat=True))

    other = make_initiative(status=S.DRAFT, with_coauthor=False, published_at=None)
    with pytest.raises(services.DomainError):
        _invite(other, other.author)


def test_a_forged_stop_link_is_refused(client):
    assert client.post("/notifications/stop/not-a-token/").status_code == 400
    assert not EmailOptOut.objects.exists()


def test_opted_out_address_gets_no_letter_even_if_already_queued(draft, author, django_capture_on_commit_callbacks):
    from notifications.services import email_opt_out

    EmailOptOut.objects.create(address_hash=EmailOptOut.hash("Late@Example.org"))
    invitation = CoauthorInvitation.objects.create(initiative=draft, email="late@example.org", invited_by=author)
    with django_capture_on_commit_callbacks(execute=True):
        group.events.invitation_created(invitation)
    email_opt_out("late@example.org")
    assert mail.outbox == []
