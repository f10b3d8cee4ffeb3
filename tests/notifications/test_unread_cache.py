"""The bell's unread count is cached per user and forgotten whenever it can change."""

from __future__ import annotations

import re

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from initiatives import services as initiative_services
from notifications import services
from notifications.models import Notification
from notifications.personal_data import _erase

pytestmark = pytest.mark.django_db


def bell(client) -> str:
    html = client.get(reverse("notifications:preferences")).content.decode()
    found = re.search(r'class="bell-count">(\d+)', html)
    return found.group(1) if found else "0"


def forward(initiative, people, capture, reason: str) -> None:
    with capture(execute=True):
        initiative_services.initiative_forward(initiative, actor=people["moderator"], reason=reason)


def test_a_second_page_counts_nothing(client, initiative, people, django_capture_on_commit_callbacks):
    forward(initiative, people, django_capture_on_commit_callbacks, "В совет")
    client.force_login(people["follower"])
    url = reverse("notifications:preferences")
    with CaptureQueriesContext(connection) as first:
        client.get(url)
    with CaptureQueriesContext(connection) as captured:
        client.get(url)
    assert len(captured.captured_queries) == len(first.captured_queries) - 1
    assert not [q for q in captured.captured_queries if "notifications_notification" in q["sql"]]


def test_count_follows_new_notifications_reading_and_erasure(client, initiative, people,
                                                           django_capture_on_commit_callbacks):
    follower = people["follower"]
    client.force_login(follower)
    assert bell(client) == "0"  # cached as 0
    forward(initiative, people, django_capture_on_commit_callbacks, "В совет")
    assert bell(client) == "1"  # expansion forgot the cached count
    services.mark_read(follower)
    assert bell(client) == "0"
    note = Notification.objects.filter(recipient=follower).first()
    Notification.objects.filter(pk=note.pk).update(read_at=None)  # a raw write the cache cannot see …
    assert bell(client) == "0"
    note.read_at = None
    note.save()  # … until the row is saved through the model
    assert bell(client) == "1"
    _erase(follower)
    assert bell(client) == "0"
