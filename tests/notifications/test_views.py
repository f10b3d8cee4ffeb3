"""Inbox, bell, preferences and the signed unsubscribe link."""

from __future__ import annotations

import pytest
from django.urls import reverse

from initiatives import services as initiative_services
from initiatives.kinds import Kind
from notifications.emails import unsubscribe_token
from notifications.kinds import Channel
from notifications.models import Notification, Preference
from notifications.registry import all_kinds
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


@pytest.fixture
def notified(initiative, people, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        initiative_services.initiative_forward(initiative, actor=people["moderator"], reason="В совет")
    return Notification.objects.get(recipient=people["follower"])


def test_inbox_requires_login(client):
    response = client.get(reverse("notifications:inbox"))
    assert response.status_code == 302 and reverse("account_login") in response["Location"]


def test_bell_shows_unread_count_and_inbox_lists_own_notifications_only(client, notified, people):
    client.force_login(people["follower"])
    home = client.get(reverse("notifications:inbox"))
    html = home.content.decode()
    assert 'class="bell-count">1' in html
    assert "Скамейки во дворе" in html
    other = UserFactory()
    client.force_login(other)
    assert "Скамейки во дворе" not in client.get(reverse("notifications:inbox")).content.decode()
    # Someone else's notification cannot be marked read (and reveals nothing).
    response = client.post(reverse("notifications:read", args=[notified.pk]))
    assert response.status_code == 302
    notified.refresh_from_db()
    assert notified.read_at is None


def test_opening_a_notification_marks_it_read_and_goes_to_the_initiative(client, notified, people, initiative):
    client.force_login(people["follower"])
    response = client.post(reverse("notifications:read", args=[notified.pk]))
    assert response.status_code == 302 and response["Location"] == initiative.get_absolute_url()
    notified.refresh_from_db()
    assert notified.read_at is not None


def test_read_all(client, notified, people):
    client.force_login(people["follower"])
    client.post(reverse("notifications:read_all"))
    assert not Notification.objects.filter(recipient=people["follower"], read_at__isnull=True).exists()


def test_preferences_save_and_service_kinds_stay_on(client, people):
    client.force_login(people["follower"])
    response = client.get(reverse("notifications:preferences"))
    assert response.status_code == 200
    data = {f"{kind.code}__{channel}": "on" for kind in all_kinds() for channel in Channel}
    del data[f"{Kind.COMMENT_NEW}__{Channel.IN_APP}"]
    del data[f"{Kind.COAUTHOR_INVITATION}__{Channel.EMAIL}"]
    response = client.post(reverse("notifications:preferences"), data)
    assert response.status_code == 302
    prefs = {(p.kind, p.channel): p.enabled for p in Preference.objects.filter(user=people["follower"])}
    assert prefs[(Kind.COMMENT_NEW, Channel.IN_APP)] is False
    assert prefs[(Kind.WEEKLY_DIGEST, Channel.EMAIL)] is True
    assert (Kind.COAUTHOR_INVITATION, Channel.EMAIL) not in prefs


def test_unsubscribe_link_asks_on_get_and_acts_on_post_without_login(client, people, notified):
    token = unsubscribe_token(people["follower"].pk, Kind.STATUS_CHANGED)
    url = reverse("notifications:unsubscribe", args=[token])
    assert client.get(url).status_code == 200
    assert not Preference.objects.filter(user=people["follower"]).exists()
    response = client.post(url)
    assert response.status_code == 200 and "больше не будут приходить" in response.content.decode()
    assert Preference.objects.get(user=people["follower"], kind=Kind.STATUS_CHANGED, channel="email").enabled is False


def test_unsubscribe_with_tampered_token_is_refused(client, people):
    token = unsubscribe_token(people["follower"].pk, Kind.STATUS_CHANGED)
    response = client.post(reverse("notifications:unsubscribe", args=[token[:-2] + "xx"]))
    assert response.status_code == 400
    assert not Preference.objects.exists()


def test_service_messages_cannot_be_unsubscribed(client, people):
    token = unsubscribe_token(people["follower"].pk, Kind.COMMENT_HIDDEN)
    client.post(reverse("notifications:unsubscribe", args=[token]))
    assert not Preference.objects.filter(enabled=False).exists()
