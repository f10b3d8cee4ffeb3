"""The data export (/accounts/data/) holds everything the portal keeps about the person."""

from __future__ import annotations

import json

import pytest
from django.urls import reverse

from initiatives.models import InitiativeDocument
from notifications.models import Preference
from notifications.services import emit, expand_event
from tests.factories import UserFactory
from tests.forum.factories import TopicFactory
from tests.initiatives.factories import (
    CoauthorInvitationFactory,
    CommentReportFactory,
    InitiativeFactory,
    PhotoFactory,
)

pytestmark = pytest.mark.django_db


def test_export_has_texts_resources_files_topics_reports_notifications_and_invitations(client, resident):
    from django.core.files.base import ContentFile

    from forum.models import TopicSupport

    initiative = InitiativeFactory(
        author=resident, status="draft", description="Полный текст: качели сломаны с весны.",
        needs_volunteers=True, resources_description="Нужны 5 волонтёров на субботник.",
    )
    PhotoFactory(initiative=initiative, caption="Вид со двора")
    InitiativeDocument.objects.create(
        initiative=initiative, title="Схема двора", file=ContentFile(b"%PDF-1.4", name="a.pdf"), uploaded_by=resident
    )
    CoauthorInvitationFactory(initiative=initiative, accepted=False, email="friend@example.org")
    CoauthorInvitationFactory(initiative=InitiativeFactory(), accepted=False, email=resident.email)
    TopicFactory(author=resident, title="Дворы без машин")
    TopicSupport.objects.create(topic=TopicFactory(title="Свет в парке"), user=resident)
    CommentReportFactory(reporter=resident, reason="Оскорбление соседей")
    Preference.objects.create(user=resident, kind="comment_new", channel="email", enabled=True)
    note = emit("comment_hidden", payload={"title": "Уведомление мне", "url": "/x/", "user_ids": [resident.pk]})
    expand_event(note.pk)
    other = UserFactory(display_name="Чужой Человек")
    TopicFactory(author=other, title="Чужая тема")

    client.force_login(resident)
    data = json.loads(client.post(reverse("accounts:data_export")).content)

    [mine] = data["initiatives"]
    assert mine["description"] == "Полный текст: качели сломаны с весны."
    assert mine["resources"]["volunteers"] is True
    assert mine["resources"]["description"] == "Нужны 5 волонтёров на субботник."
    assert [p["caption"] for p in mine["photos"]] == ["Вид со двора"]
    assert [d["title"] for d in mine["documents"]] == ["Схема двора"]
    assert [t["title"] for t in data["forum_topics"]["proposed"]] == ["Дворы без машин"]
    assert [t["title"] for t in data["forum_topics"]["supported"]] == ["Свет в парке"]
    assert [r["reason"] for r in data["comment_reports"]] == ["Оскорбление соседей"]
    assert data["notification_preferences"] == [
        {"kind": "comment_new", "channel": "email", "enabled": True,
         "updated_at": data["notification_preferences"][0]["updated_at"]}
    ]
    assert [n["title"] for n in data["notifications"]] == ["Уведомление мне"]
    assert [i["email"] for i in data["invitations"]["sent"]] == ["friend@example.org"]
    assert len(data["invitations"]["received"]) == 1
    raw = json.dumps(data, ensure_ascii=False)
    assert "Чужая тема" not in raw and "Чужой Человек" not in raw
