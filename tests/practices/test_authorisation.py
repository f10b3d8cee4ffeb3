"""Who may repeat a practice and who sees the draft it starts: the draft is its author's alone."""

from __future__ import annotations

import pytest
from django.urls import reverse

from initiatives.models import Initiative
from tests.factories import StaffUserFactory, UserFactory

pytestmark = pytest.mark.django_db

OTHERS = ("anonymous", "resident", "district_moderator", "manager", "partner_a", "partner_b")


@pytest.fixture
def people(district):
    return {
        "anonymous": None,
        "resident": UserFactory(),
        "district_moderator": StaffUserFactory(role="moderator", moderated_district=district),
        "manager": StaffUserFactory(role="microdistrict_manager"),
        "partner_a": StaffUserFactory(role="partner_member"),
        "partner_b": StaffUserFactory(role="partner_member"),
    }


@pytest.fixture
def draft(client, make_case, resident) -> Initiative:
    case = make_case(title="Двор без машин")
    client.force_login(resident)
    client.post(reverse("practices:repeat_case", args=[case.slug]))
    client.logout()
    return Initiative.objects.get(author=resident)


def test_the_author_sees_and_edits_the_draft(client, draft, resident):
    client.force_login(resident)
    assert client.get(draft.get_absolute_url()).status_code == 200
    assert client.get(reverse("initiatives:edit", args=[draft.pk]), follow=True).status_code == 200


@pytest.mark.parametrize("role", OTHERS)
def test_nobody_else_sees_the_draft(client, draft, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    assert client.get(draft.get_absolute_url()).status_code == 404
    edit = client.get(reverse("initiatives:edit", args=[draft.pk]))
    assert edit.status_code in (302, 403, 404)
    assert draft.title not in edit.content.decode()
    assert draft.title not in client.get(reverse("practices:library")).content.decode()
    # A draft is no source: repeating it is refused as if it did not exist.
    assert client.post(reverse("practices:repeat_initiative", args=[draft.pk])).status_code in (302, 404)
    assert Initiative.objects.count() == 1


@pytest.mark.parametrize("role", ("anonymous", "resident", "partner_a"))
def test_get_on_repeat_is_405_and_unknown_slug_404(client, make_case, people, role):
    if people[role] is not None:
        client.force_login(people[role])
    case = make_case()
    assert client.get(reverse("practices:repeat_case", args=[case.slug])).status_code == 405
    assert client.post(reverse("practices:repeat_case", args=["no-such-case"])).status_code == 404
    assert client.post(reverse("practices:repeat_initiative", args=[999999])).status_code == 404


@pytest.mark.parametrize("role", OTHERS)
def test_an_unpublished_case_is_nowhere(client, make_case, people, role):
    case = make_case(title="Неопубликованная практика", is_published=False)
    if people[role] is not None:
        client.force_login(people[role])
    assert client.get(case.get_absolute_url()).status_code == 404
    assert case.title not in client.get(reverse("practices:library")).content.decode()
