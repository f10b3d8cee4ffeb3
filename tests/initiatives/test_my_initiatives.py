"""«Мои инициативы»: the right initiatives in each section, nobody else's drafts, a constant query count."""

from __future__ import annotations

import datetime as dt

import pytest
from django.core.cache import cache
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import CoauthorInvitation, Follow, Initiative
from tests.factories import UserFactory
from tests.initiatives.factories import CoauthorInvitationFactory, InitiativeFactory, SupportFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status
MY_URL = "initiatives:my"


def titles(items) -> set[str]:
    return {i.title for i in items}


def test_needs_login(login):
    response = login(None).get(reverse(MY_URL))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))


def test_sections_hold_the_right_initiatives(login, author, coauthor, make_initiative, moderator):
    draft = make_initiative(status=S.DRAFT, title="Мой черновик")
    revision = make_initiative(status=S.MODERATION, title="Вернули на доработку")
    services.initiative_request_revision(revision, actor=moderator, reason="Добавьте фото двора.")
    moderation = make_initiative(status=S.MODERATION, title="На модерации")
    published = make_initiative(status=S.PUBLISHED, title="Собираем поддержку")
    withdrawn = make_initiative(status=S.WITHDRAWN, title="Отозванная")
    # The author is a co-author of someone else's draft.
    neighbours_draft = InitiativeFactory(status=S.DRAFT, title="Черновик соседа, я соавтор")
    CoauthorInvitationFactory(initiative=neighbours_draft, user=author)

    supported = InitiativeFactory(status=S.PUBLISHED, title="Поддержанная")
    SupportFactory(initiative=supported, user=author)
    Follow.objects.create(initiative=supported, user=author)
    followed = InitiativeFactory(status=S.PUBLISHED, title="Отслеживаемая")
    Follow.objects.create(initiative=followed, user=author)

    others_draft = InitiativeFactory(status=S.DRAFT, title="Чужой черновик")
    Follow.objects.create(initiative=others_draft, user=author)  # a stale follow must not leak a draft
    others_moderation = InitiativeFactory(status=S.MODERATION, title="Чужая на модерации")

    waiting = CoauthorInvitationFactory(initiative=InitiativeFactory(status=S.DRAFT, title="Зовут в группу"),
                                        accepted=False, email=author.email)
    CoauthorInvitationFactory(initiative=InitiativeFactory(status=S.DRAFT, title="Приглашение истекло"),
                              accepted=False, email=author.email,
                              expires_at=timezone.now() - dt.timedelta(days=1))
    CoauthorInvitationFactory(initiative=InitiativeFactory(status=S.DRAFT, title="Приглашение другому"),
                              accepted=False, email="someone.else@example.org")

    response = login(author).get(reverse(MY_URL))
    assert response.status_code == 200
    context = response.context
    assert titles(context["drafts"]) == {draft.title, revision.title, neighbours_draft.title}
    assert titles(context["submitted"]) == {moderation.title, published.title, withdrawn.title}
    assert titles(context["supported"]) == {supported.title}
    assert titles(context["followed"]) == {supported.title, followed.title}
    assert context["invitations"] == [waiting]

    html = response.content.decode()
    for title in (others_draft.title, others_moderation.title, "Приглашение истекло", "Приглашение другому"):
        assert title not in html
    assert "Добавьте фото двора." in html  # the moderator's reason on the card in revision
    assert "вы соавтор" in html
    assert reverse("initiatives:edit", args=[draft.pk]) in html
    assert reverse("initiatives:detail", args=[published.pk]) in html
    # The co-author sees the shared drafts too, but not the author's supports.
    co_context = login(coauthor).get(reverse(MY_URL)).context
    assert titles(co_context["drafts"]) == {draft.title, revision.title}
    assert co_context["supported"] == []


def test_empty_page_offers_to_start(login):
    html = login(UserFactory()).get(reverse(MY_URL)).content.decode()
    assert "Черновиков нет." in html
    assert reverse("initiatives:create") in html


def _fill(user, count: int, start: int) -> None:
    """Give ``user`` ``count`` initiatives in every section, with everything a card shows."""
    for n in range(start, start + count):
        own = InitiativeFactory(author=user, status=S.DRAFT if n % 2 else S.REVISION, title=f"Мой черновик {n}")
        InitiativeFactory(author=user, status=S.MODERATION, title=f"Моя отправленная {n}")
        coauthored = InitiativeFactory(status=S.PUBLISHED, title=f"Соавторская {n}")
        CoauthorInvitationFactory(initiative=coauthored, user=user)
        supported = InitiativeFactory(status=S.PUBLISHED, title=f"Поддержанная {n}")
        SupportFactory(initiative=supported, user=user)
        Follow.objects.create(initiative=supported, user=user)
        Follow.objects.create(initiative=InitiativeFactory(status=S.IMPLEMENTED), user=user)
        CoauthorInvitation.objects.create(
            initiative=InitiativeFactory(status=S.DRAFT), email=user.email, invited_by=UserFactory()
        )
        own.status_changes.create(from_status=S.MODERATION, to_status=S.REVISION, reason=f"Причина {n}")


def test_query_count_is_constant(login, django_assert_num_queries):
    user = UserFactory()
    client = login(user)
    _fill(user, 5, 0)
    with CaptureQueriesContext(connection) as five:
        response = client.get(reverse(MY_URL))
    assert len(response.context["drafts"]) == 5
    assert len(response.context["followed"]) == 10

    _fill(user, 45, 5)
    cache.clear()  # the bell's unread count was cached by the first request; both pay for it
    with django_assert_num_queries(len(five.captured_queries)):
        response = client.get(reverse(MY_URL))
    assert len(response.context["drafts"]) == 50
    assert len(response.context["submitted"]) == 100
    assert len(response.context["supported"]) == 50
    assert len(response.context["followed"]) == 100
    assert len(response.context["invitations"]) == 50
