"""A forum's status moves only through its services (admin actions), and a resolution item's only with a report."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from forum import services
from forum.models import ForumEdition, ResolutionItem
from tests.factories import UserFactory

from .factories import ForumEditionFactory, ResolutionItemFactory

pytestmark = pytest.mark.django_db
E = ForumEdition.Status


def _client(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def test_the_whole_path_of_an_edition(forum_moderator):
    edition = ForumEditionFactory(status=E.ANNOUNCED)
    for service, expected in (
        (services.edition_open_registration, E.REGISTRATION_OPEN),
        (services.edition_close_registration, E.REGISTRATION_CLOSED),
        (services.edition_open_registration, E.REGISTRATION_OPEN),
        (services.edition_mark_held, E.HELD),
        (services.edition_archive, E.ARCHIVED),
    ):
        service(edition, actor=forum_moderator)
        edition.refresh_from_db()
        assert edition.status == expected


@pytest.mark.parametrize(("status", "service"), [
    (E.ANNOUNCED, services.edition_mark_held),
    (E.ANNOUNCED, services.edition_close_registration),
    (E.HELD, services.edition_open_registration),
    (E.ARCHIVED, services.edition_archive),
])
def test_a_move_from_the_wrong_status_is_refused(forum_moderator, status, service):
    edition = ForumEditionFactory(status=status)
    with pytest.raises(services.WrongStatus):
        service(edition, actor=forum_moderator)
    edition.refresh_from_db()
    assert edition.status == status


def test_a_resident_may_not_move_an_edition():
    edition = ForumEditionFactory(status=E.REGISTRATION_OPEN)
    with pytest.raises(services.NotAllowed):
        services.edition_close_registration(edition, actor=UserFactory())
    edition.refresh_from_db()
    assert edition.status == E.REGISTRATION_OPEN


def test_admin_form_does_not_change_the_status_but_the_action_does(forum_moderator):
    edition = ForumEditionFactory(status=E.REGISTRATION_OPEN)
    client = _client(forum_moderator)
    change = reverse("admin:forum_forumedition_change", args=[edition.pk])
    page = client.get(change)
    assert page.status_code == 200 and "status" not in page.context["adminform"].form.fields
    client.post(reverse("admin:forum_forumedition_changelist"),
                {"action": "close_registration", "_selected_action": [edition.pk]})
    edition.refresh_from_db()
    assert edition.status == E.REGISTRATION_CLOSED


def test_resolution_item_status_is_read_only_in_the_admin(forum_moderator):
    item = ResolutionItemFactory(status=ResolutionItem.Status.IN_PROGRESS, progress_percent=40)
    page = _client(forum_moderator).get(reverse("admin:forum_resolutionitem_change", args=[item.pk]))
    fields = page.context["adminform"].form.fields
    assert "status" not in fields and "progress_percent" not in fields
    resolution = _client(forum_moderator).get(reverse("admin:forum_resolution_change", args=[item.resolution.pk]))
    inline = resolution.context["inline_admin_formsets"][0].formset.forms[0]
    assert "status" not in inline.fields and "progress_percent" not in inline.fields
