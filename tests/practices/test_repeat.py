"""«Повторить практику»: a prefilled draft, linked to the practice, counted; who may."""

from __future__ import annotations

import pytest
from django.urls import reverse

from core.errors import NotAllowed, WrongStatus
from initiatives.models import Initiative
from practices import services
from practices.models import PracticeRepeat
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def test_repeat_case_creates_a_prefilled_linked_draft(make_case, resident):
    case = make_case(needs_volunteers=True, how_to_repeat="Начните с собрания.")
    draft = services.repeat_case(case, user=resident)
    assert draft.status == Initiative.Status.DRAFT and draft.author == resident
    assert draft.category == case.category and draft.needs_volunteers
    assert case.title in draft.title and case.solution in draft.description
    assert draft.resources_description == "Начните с собрания."
    assert PracticeRepeat.objects.get(initiative=draft).case == case


def test_repeat_initiative_only_from_an_implemented_best_practice(make_best_practice, resident):
    source = make_best_practice()
    draft = services.repeat_initiative(source, user=resident)
    assert draft.national_project == source.national_project
    assert PracticeRepeat.objects.get(initiative=draft).source_initiative == source
    with pytest.raises(WrongStatus):
        services.repeat_initiative(InitiativeFactory(status="implemented"), user=resident)


def test_anonymous_cannot_repeat(make_case):
    from django.contrib.auth.models import AnonymousUser

    with pytest.raises(NotAllowed):
        services.repeat_case(make_case(), user=AnonymousUser())


def test_repeat_through_the_page_counts_and_leads_to_the_draft(client, make_case, resident):
    case = make_case()
    url = reverse("practices:repeat_case", args=[case.slug])
    response = client.post(url)
    assert response.status_code == 302 and "login" in response["Location"]
    client.force_login(resident)
    response = client.post(url)
    draft = Initiative.objects.get(author=resident)
    assert response["Location"] == reverse("initiatives:edit", args=[draft.pk])
    assert "уже повторили 1 раз" in client.get(case.get_absolute_url()).content.decode()
    # The draft's page says where it comes from.
    assert case.title in client.get(draft.get_absolute_url()).content.decode()


def test_implemented_best_practice_page_offers_repeat(client, make_best_practice, resident):
    source = make_best_practice()
    page = client.get(source.get_absolute_url()).content.decode()
    assert "Повторить практику" in page
    client.force_login(resident)
    client.post(reverse("practices:repeat_initiative", args=[source.pk]))
    assert PracticeRepeat.objects.filter(source_initiative=source).count() == 1


def test_unpublished_case_cannot_be_repeated(client, make_case, resident):
    case = make_case(is_published=False)
    client.force_login(resident)
    assert client.post(reverse("practices:repeat_case", args=[case.slug])).status_code == 404


def test_demo_cases_load_once_and_link_the_resolution_report(db):
    from core.demo import DemoRun
    from practices.demo import load_practices_demo
    from practices.models import PracticeCase

    run = DemoRun(with_users=True, password="", password_from_env=False, scale="demo", verbosity=0, stdout=None)
    assert load_practices_demo(run) == 3
    assert PracticeCase.objects.published().count() == 3
    assert all(c.photo_after for c in PracticeCase.objects.all())
    assert load_practices_demo(run) == 0
