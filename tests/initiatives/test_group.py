"""The initiative group: inviting co-authors by e-mail, the invitation page, accepting, declining, revoking."""

from __future__ import annotations

import datetime as dt

import pytest
from django.conf import settings
from django.contrib.messages import get_messages
from django.core import mail
from django.urls import reverse
from django.utils import timezone

from initiatives.models import CoauthorInvitation, Initiative
from initiatives.views.submission import wizard as views
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status
INVITEE_EMAIL = "sosed.vera@example.org"


def group_url(initiative: Initiative) -> str:
    return reverse("initiatives:edit_step", args=[initiative.pk, "group"])


def invitation_url(invitation: CoauthorInvitation) -> str:
    return reverse("initiatives:invitation", args=[invitation.token])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


@pytest.fixture
def draft(make_initiative) -> Initiative:
    """A draft of the author alone (no co-author yet)."""
    return make_initiative(status=S.DRAFT, with_coauthor=False, title="Сквер у школы № 93")


@pytest.fixture
def invite(login, author, draft, django_capture_on_commit_callbacks):
    """``invite(email)`` → the author invites through the «Группа» step; mail is delivered (eager Celery)."""

    def do(email: str = INVITEE_EMAIL, *, initiative: Initiative | None = None, by=None):
        with django_capture_on_commit_callbacks(execute=True):
            return login(by or author).post(group_url(initiative or draft), {"email": email})

    return do


@pytest.fixture
def invitation(invite, draft) -> CoauthorInvitation:
    invite()
    return draft.invitations.get()


@pytest.fixture
def invitee(db):
    return UserFactory(email=INVITEE_EMAIL, display_name="Вера П.")


# Inviting ------------------------------------------------------------------------------------------------


def test_invite_sends_one_email_with_the_accept_link(invite, draft, author):
    response = invite("Sosed.Vera@Example.org")
    assert response.status_code == 302
    assert any(INVITEE_EMAIL in m for m in messages_of(response))
    invitation = draft.invitations.get()
    assert invitation.email == INVITEE_EMAIL
    assert invitation.status == CoauthorInvitation.Status.PENDING

    assert len(mail.outbox) == 1
    message = mail.outbox[0]
    assert message.to == [INVITEE_EMAIL]
    assert f"{settings.SITE_URL.rstrip('/')}{invitation_url(invitation)}" in message.body
    assert "Сквер у школы № 93" in message.subject + message.body
    assert author.email not in message.body  # no one else's e-mail in the letter


def test_invite_to_a_registered_resident_also_sends_one_email(invite, invitee):
    invite()
    assert [m.to for m in mail.outbox] == [[INVITEE_EMAIL]]


def test_duplicate_invite_refused(invite, draft):
    invite()
    response = invite(INVITEE_EMAIL.upper())
    assert response.status_code == 200
    assert "уже приглашён" in response.context["form"].errors["email"][0]
    assert f'value="{INVITEE_EMAIL.upper()}"' in response.content.decode()
    assert draft.invitations.count() == 1
    assert len(mail.outbox) == 1


def test_inviting_the_authors_own_address_refused(invite, draft, author):
    response = invite(author.email)
    assert "адрес автора" in response.context["form"].errors["email"][0]
    assert not draft.invitations.exists()


def test_group_list_shows_invitations_with_status_only_to_the_group(invite, draft, login, invitee):
    invite()
    html = login(draft.author).get(group_url(draft)).content.decode()
    assert INVITEE_EMAIL in html
    assert "ожидает ответа" in html
    assert "Отозвать приглашение" in html
    # Nobody outside the group gets the page (and so the e-mails on it).
    assert login(invitee).get(group_url(draft)).status_code == 404
    assert login(None).get(group_url(draft)).status_code == 302


def test_invitations_are_rate_limited(invite, draft, monkeypatch):
    monkeypatch.setattr(views, "INVITE_RATE", "2/h")
    invite("one@example.org")
    invite("two@example.org")
    response = invite("three@example.org")
    assert response.status_code == 429
    assert any("Слишком много приглашений" in m for m in messages_of(response))
    assert 'value="three@example.org"' in response.content.decode()
    assert draft.invitations.count() == 2


# The invitation page ------------------------------------------------------------------------------------------


def test_anonymous_sees_the_initiative_and_is_asked_to_log_in(login, invitation, author):
    response = login(None).get(invitation_url(invitation))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Сквер у школы № 93" in html
    assert author.public_name in html  # who invited, by the public name
    assert author.email not in html
    assert INVITEE_EMAIL not in html  # the link may have been forwarded: the address stays hidden
    assert f'{reverse("account_login")}?next=' in html
    assert f'{reverse("account_signup")}?next=' in html
    assert "Принять приглашение" not in html


def test_anonymous_post_goes_to_login(login, invitation):
    response = login(None).post(invitation_url(invitation), {"action": "accept"})
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    invitation.refresh_from_db()
    assert invitation.status == CoauthorInvitation.Status.PENDING


def test_accept_by_the_invited_address_makes_a_coauthor_who_can_edit(login, invitation, invitee, draft):
    client = login(invitee)
    html = client.get(invitation_url(invitation)).content.decode()
    assert "Принять приглашение" in html

    response = client.post(invitation_url(invitation), {"action": "accept"})
    assert response.status_code == 302
    assert response["Location"] == reverse("initiatives:edit", args=[draft.pk])
    invitation.refresh_from_db()
    assert (invitation.status, invitation.user) == (CoauthorInvitation.Status.ACCEPTED, invitee)

    assert client.get(reverse("initiatives:edit_step", args=[draft.pk, "what"])).status_code == 200
    response = client.post(reverse("initiatives:edit_step", args=[draft.pk, "where"]), {
        "scope": "microdistrict", "microdistrict": draft.microdistrict_id, "address": "улица Баныкина, 20",
    })
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.address == "улица Баныкина, 20"
    # The page now says so, and the group sees the new co-author by name.
    assert "Вы уже в инициативной группе" in client.get(invitation_url(invitation)).content.decode()
    assert "Вера П." in client.get(reverse("initiatives:edit_step", args=[draft.pk, "review"])).content.decode()


def test_another_logged_in_user_with_the_link_is_refused(login, invitation, draft):
    stranger = UserFactory(email="forwarded-to@example.org")
    client = login(stranger)
    html = client.get(invitation_url(invitation)).content.decode()
    assert "отправлено на другой адрес" in html
    assert "Принять приглашение" not in html

    response = client.post(invitation_url(invitation), {"action": "accept"})
    assert response["Location"] == invitation_url(invitation)
    assert "Приглашение отправлено на другой адрес электронной почты." in messages_of(response)
    invitation.refresh_from_db()
    assert invitation.status == CoauthorInvitation.Status.PENDING
    assert client.get(reverse("initiatives:edit_step", args=[draft.pk, "what"])).status_code == 404


def test_decline(login, invitation, invitee, draft):
    response = login(invitee).post(invitation_url(invitation), {"action": "decline"})
    assert response["Location"] == reverse("initiatives:my")
    invitation.refresh_from_db()
    assert invitation.status == CoauthorInvitation.Status.DECLINED
    assert login(invitee).get(reverse("initiatives:edit_step", args=[draft.pk, "what"])).status_code == 404
    html = login(invitee).get(invitation_url(invitation)).content.decode()
    assert "больше не действует" in html
    assert "Сквер у школы № 93" not in html


def test_revoke_pending_invitation(login, invitation, invitee, author, draft):
    response = login(author).post(reverse("initiatives:invitation_revoke", args=[draft.pk, invitation.pk]))
    assert response["Location"] == group_url(draft)
    assert "Приглашение отозвано." in messages_of(response)
    invitation.refresh_from_db()
    assert invitation.status == CoauthorInvitation.Status.REVOKED

    client = login(invitee)
    assert "больше не действует" in client.get(invitation_url(invitation)).content.decode()
    client.post(invitation_url(invitation), {"action": "accept"})
    invitation.refresh_from_db()
    assert invitation.status == CoauthorInvitation.Status.REVOKED


def test_revoke_accepted_coauthor_removes_access(login, invitation, invitee, author, draft):
    login(invitee).post(invitation_url(invitation), {"action": "accept"})
    response = login(author).post(reverse("initiatives:invitation_revoke", args=[draft.pk, invitation.pk]))
    assert "Соавтор исключён из инициативной группы." in messages_of(response)
    assert login(invitee).get(reverse("initiatives:edit_step", args=[draft.pk, "what"])).status_code == 404


def test_only_the_author_revokes(login, make_initiative, coauthor, django_capture_on_commit_callbacks):
    initiative = make_initiative(status=S.DRAFT)  # with an accepted co-author
    with django_capture_on_commit_callbacks(execute=True):
        login(coauthor).post(group_url(initiative), {"email": INVITEE_EMAIL})  # co-authors may invite
    pending = initiative.invitations.get(email=INVITEE_EMAIL)
    response = login(coauthor).post(reverse("initiatives:invitation_revoke", args=[initiative.pk, pending.pk]))
    assert "Отозвать приглашение может только автор." in messages_of(response)
    pending.refresh_from_db()
    assert pending.status == CoauthorInvitation.Status.PENDING


def test_expired_invitation_refused(login, invitation, invitee, draft):
    CoauthorInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - dt.timedelta(minutes=1))
    client = login(invitee)
    html = client.get(invitation_url(invitation)).content.decode()
    assert "Срок приглашения истёк" in html
    assert "Принять приглашение" not in html

    response = client.post(invitation_url(invitation), {"action": "accept"})
    assert any("Срок приглашения истёк" in m for m in messages_of(response))
    invitation.refresh_from_db()
    assert invitation.status == CoauthorInvitation.Status.PENDING
    assert client.get(reverse("initiatives:edit_step", args=[draft.pk, "what"])).status_code == 404


def test_unknown_token_is_404(login):
    assert login(None).get("/initiatives/invitations/00000000-0000-0000-0000-000000000000/").status_code == 404


def test_invitation_waits_in_my_initiatives(login, invitation, invitee):
    response = login(invitee).get(reverse("initiatives:my"))
    assert response.context["invitations"] == [invitation]
    assert invitation_url(invitation) in response.content.decode()
