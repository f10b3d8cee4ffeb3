"""The moderator's home on the admin index: what waits, in the user's scope, oldest first;
and the change page's buttons: the next step green, the destructive one red, under the title."""

from __future__ import annotations

import datetime as dt

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives.models import Initiative
from tests.factories import MicrodistrictFactory, MicrodistrictManagerFactory, StaffUserFactory
from tests.initiatives.factories import CommentFactory, InitiativeFactory, StatusChangeFactory

pytestmark = pytest.mark.django_db
S = Initiative.Status


def _queues(response) -> dict[str, object]:
    return {str(q.label): q for q in response.context["moderation_queues"]}


def _in_moderation(district, title: str, days: int) -> Initiative:
    return InitiativeFactory(
        microdistrict=MicrodistrictFactory(district=district), status=S.MODERATION, title=title,
        submitted_at=timezone.now() - dt.timedelta(days=days),
    )


def test_moderator_home_counts_his_districts_queue_oldest_first(client, moderator, district, other_district):
    _in_moderation(district, "Новая", 1)
    _in_moderation(district, "Давняя", 9)
    _in_moderation(other_district, "Чужая", 30)
    comment = CommentFactory(initiative=InitiativeFactory(microdistrict=MicrodistrictFactory(district=district)))
    comment.awaiting_moderation = True
    comment.save()
    client.force_login(moderator)
    response = client.get(reverse("admin:index"))
    queues = _queues(response)
    moderation = queues["Инициативы на модерации"]
    assert moderation.count == 2
    assert [item.label for item in moderation.items] == ["Давняя", "Новая"]
    assert moderation.url.endswith("?status=moderation")
    assert queues["Комментарии с жалобами"].count == 1
    html = response.content.decode()
    assert "Ждут вашего решения" in html and "ждёт 9 дней" in html


def test_overdue_answers_are_counted_for_the_manager_of_the_microdistrict(client, district):
    manager = StaffUserFactory(role="microdistrict_manager")
    own = InitiativeFactory(microdistrict=MicrodistrictFactory(district=district), status=S.CONSIDERATION)
    other = InitiativeFactory(microdistrict=MicrodistrictFactory(district=district), status=S.CONSIDERATION)
    for initiative in (own, other):
        change = StatusChangeFactory(initiative=initiative, from_status=S.PUBLISHED, to_status=S.CONSIDERATION)
        change.created_at = timezone.now() - dt.timedelta(days=45)
        change.save()
    MicrodistrictManagerFactory(user=manager, district=district, microdistricts=[own.microdistrict])
    client.force_login(manager)
    queues = _queues(client.get(reverse("admin:index")))
    assert "Инициативы на модерации" not in queues  # not his work
    overdue = queues["Ждут официального ответа дольше 30 дней"]
    assert overdue.count == 1 and overdue.items[0].label == own.title


def test_staff_without_a_role_sees_no_queues(client):
    user = StaffUserFactory()
    user.groups.clear()
    client.force_login(user)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 200
    assert response.context["moderation_queues"] == []


def test_publish_is_primary_and_reject_is_danger_under_the_title(client, moderator, district):
    initiative = _in_moderation(district, "На модерации", 2)
    client.force_login(moderator)
    response = client.get(reverse("admin:initiatives_initiative_change", args=[initiative.pk]))
    styles = {str(b["label"]): b["look"] for b in response.context["service_buttons"]}
    assert styles["Опубликовать"] == "primary" and styles["Отклонить"] == "danger"
    html = response.content.decode()
    assert 'class="object-tools service-tools"' in html
    assert 'class="service-primary"' in html and 'class="service-danger"' in html
    assert "css/admin.css" in html and "<style>" not in html
