"""Who may open what: every page and action for anonymous, resident, owner, moderator and administrator."""

from __future__ import annotations

from dataclasses import dataclass

import pytest
from django.test import Client
from django.urls import reverse

from forum.models import ForumEdition, ProgressReport, Registration, ResolutionItem, Topic, TopicSupport
from tests.factories import CouncilFactory, CouncilMemberFactory, UserFactory

from .factories import ForumEditionFactory, ResolutionItemFactory, SectionFactory, TopicFactory, register

pytestmark = pytest.mark.django_db

ROLES = ["anonymous", "resident", "owner", "moderator", "administrator"]
STAFF = {"moderator", "administrator"}


@dataclass
class World:
    edition: ForumEdition
    registration: Registration
    item: ResolutionItem
    topic: Topic
    users: dict


@pytest.fixture
def world(forum_moderator, administrator) -> World:
    edition = ForumEditionFactory(year=2040)
    SectionFactory(edition=edition)
    owner = UserFactory(display_name="Владелец Регистрации")
    registration = register(edition, owner, full_name="Петрова Анна Сергеевна")
    item = ResolutionItemFactory(resolution__edition=ForumEditionFactory(year=2039, status=ForumEdition.Status.HELD))
    topic = TopicFactory(edition=edition)
    users = {
        "anonymous": None, "resident": UserFactory(), "owner": owner,
        "moderator": forum_moderator, "administrator": administrator,
    }
    return World(edition, registration, item, topic, users)


def client_for(world: World, role: str) -> Client:
    client = Client()
    if world.users[role] is not None:
        client.force_login(world.users[role])
    return client


def is_login_redirect(response) -> bool:
    return response.status_code == 302 and reverse("account_login") in response["Location"]


@pytest.mark.parametrize("role", ROLES)
def test_public_pages_open_to_everyone(world, role):
    client = client_for(world, role)
    year = world.edition.year
    assert client.get(reverse("forum:current")).status_code == 302
    for name, args in [
        ("forum:edition", [year]), ("forum:programme_ics", [year]), ("forum:topics", [year]),
        ("forum:resolution", [world.item.resolution.edition.year]),
    ]:
        assert client.get(reverse(name, args=args)).status_code == 200, name


@pytest.mark.parametrize("role", ROLES)
def test_personal_pages_need_login(world, role):
    client = client_for(world, role)
    for url in [reverse("forum:my_registrations"), reverse("forum:my_ics", args=[world.edition.year])]:
        response = client.get(url)
        if role == "anonymous":
            assert is_login_redirect(response)
        else:
            assert response.status_code == 200
            assert response["Cache-Control"].startswith("max-age=0")


@pytest.mark.parametrize("role", ROLES)
def test_register_page(world, role):
    response = client_for(world, role).get(reverse("forum:register", args=[world.edition.year]))
    if role == "anonymous":
        assert is_login_redirect(response)
    elif role == "owner":
        # Already registered: straight to «my registrations», not a second form.
        assert response.status_code == 302 and response["Location"] == reverse("forum:my_registrations")
    else:
        assert response.status_code == 200
        assert b'name="full_name"' in response.content


@pytest.mark.parametrize("role", ROLES)
def test_cancel_registration(world, role):
    response = client_for(world, role).post(reverse("forum:registration_cancel", args=[world.registration.pk]))
    world.registration.refresh_from_db()
    if role == "anonymous":
        assert is_login_redirect(response)
        assert world.registration.status == Registration.Status.CONFIRMED
    elif role == "resident":
        # Someone else's registration does not even exist for them.
        assert response.status_code == 404
        assert world.registration.status == Registration.Status.CONFIRMED
    else:
        assert response.status_code == 302
        assert world.registration.status == Registration.Status.CANCELLED


def test_cancel_needs_post(world):
    client = client_for(world, "owner")
    assert client.get(reverse("forum:registration_cancel", args=[world.registration.pk])).status_code == 405


@pytest.mark.parametrize("role", ROLES)
def test_checkin_page_and_action_staff_only(world, role):
    client = client_for(world, role)
    page = client.get(reverse("forum:checkin", args=[world.edition.year]))
    mark = client.post(reverse("forum:checkin_mark", args=[world.edition.year, world.registration.pk]))
    world.registration.refresh_from_db()
    if role == "anonymous":
        assert is_login_redirect(page) and is_login_redirect(mark)
    elif role in STAFF:
        assert page.status_code == 200
        assert "Петрова Анна Сергеевна" in page.content.decode()
        assert mark.status_code == 302
    else:
        assert page.status_code == 403 and mark.status_code == 403
    expected = Registration.Status.ATTENDED if role in STAFF else Registration.Status.CONFIRMED
    assert world.registration.status == expected


def test_checkin_search_by_code_with_dash_and_by_name(world):
    client = client_for(world, "moderator")
    other = register(world.edition, UserFactory(), full_name="Сидоров Пётр")
    url = reverse("forum:checkin", args=[world.edition.year])
    by_code = client.get(url, {"q": world.registration.display_code.lower()}).content.decode()
    assert "Петрова Анна Сергеевна" in by_code and "Сидоров Пётр" not in by_code
    by_name = client.get(url, {"q": "Сидоров"}).content.decode()
    assert "Сидоров Пётр" in by_name and "Петрова" not in by_name
    assert other.display_code in by_name


@pytest.mark.parametrize("role", ROLES)
def test_report_page(world, role):
    client = client_for(world, role)
    url = reverse("forum:report_add", args=[world.item.resolution.edition.year, world.item.pk])
    get = client.get(url)
    post = client.post(url, {"reported_on": "2026-01-15", "text": "Проведено совещание.", "new_percent": "55"})
    world.item.refresh_from_db()
    if role == "anonymous":
        assert is_login_redirect(get) and is_login_redirect(post)
    elif role in STAFF:
        assert get.status_code == 200
        assert post.status_code == 302
        assert world.item.progress_percent == 55
        assert ProgressReport.objects.get().author == world.users[role]
    else:
        assert get.status_code == 403 and post.status_code == 403
        assert not ProgressReport.objects.exists()


def test_member_of_responsible_council_may_report_others_not(world):
    council = CouncilFactory()
    world.item.responsible_councils.add(council)
    member = UserFactory()
    CouncilMemberFactory(council=council, user=member)
    outsider = UserFactory()
    CouncilMemberFactory(user=outsider)  # sits on another council
    url = reverse("forum:report_add", args=[world.item.resolution.edition.year, world.item.pk])

    client = Client()
    client.force_login(member)
    response = client.post(url, {"reported_on": "2026-01-15", "text": "Сделано.", "new_status": "done"})
    assert response.status_code == 302
    world.item.refresh_from_db()
    assert world.item.status == ResolutionItem.Status.DONE
    assert world.item.progress_percent == 100

    client.force_login(outsider)
    assert client.get(url).status_code == 403


def test_member_with_finished_term_may_not_report(world):
    council = CouncilFactory()
    world.item.responsible_councils.add(council)
    former = UserFactory()
    CouncilMemberFactory(council=council, user=former, term_start="2020-01-01", term_end="2021-01-01")
    client = Client()
    client.force_login(former)
    url = reverse("forum:report_add", args=[world.item.resolution.edition.year, world.item.pk])
    assert client.get(url).status_code == 403


@pytest.mark.parametrize("role", ROLES)
def test_propose_topic(world, role):
    client = client_for(world, role)
    response = client.post(
        reverse("forum:topics", args=[world.edition.year]),
        {"title": "Освещение во дворах", "description": "Темно во дворах квартала вечером."},
    )
    created = Topic.objects.filter(title="Освещение во дворах")
    if role == "anonymous":
        assert is_login_redirect(response)
        assert not created.exists()
    else:
        assert response.status_code == 302
        assert created.get().author == world.users[role]


@pytest.mark.parametrize("role", ROLES)
def test_support_topic(world, role):
    client = client_for(world, role)
    response = client.post(reverse("forum:topic_support", args=[world.edition.year, world.topic.pk]))
    world.topic.refresh_from_db()
    if role == "anonymous":
        assert is_login_redirect(response)
        assert world.topic.support_count == 0
    else:
        assert response.status_code == 302
        assert world.topic.support_count == 1
        assert TopicSupport.objects.filter(topic=world.topic, user=world.users[role]).exists()


def test_author_cannot_support_own_topic(world):
    client = Client()
    client.force_login(world.topic.author)
    response = client.post(
        reverse("forum:topic_support", args=[world.edition.year, world.topic.pk]), follow=True
    )
    assert "Нельзя поддержать собственную тему" in response.content.decode()
    world.topic.refresh_from_db()
    assert world.topic.support_count == 0


def test_registration_closed_shows_clear_message_and_registers_nobody(resident):
    edition = ForumEditionFactory(status=ForumEdition.Status.REGISTRATION_CLOSED)
    client = Client()
    client.force_login(resident)
    url = reverse("forum:register", args=[edition.year])
    page = client.get(url).content.decode()
    assert "закрыта" in page and 'name="full_name"' not in page
    response = client.post(
        url, {"full_name": "Иванов Иван", "participant_type": "resident", "consent": "on"}
    )
    assert response.status_code == 200
    assert "закрыта" in response.content.decode()
    assert not Registration.objects.exists()


def test_announced_edition_says_not_yet_open(resident):
    edition = ForumEditionFactory(status=ForumEdition.Status.ANNOUNCED)
    client = Client()
    client.force_login(resident)
    page = client.get(reverse("forum:register", args=[edition.year])).content.decode()
    assert "ещё не открыта" in page


def test_register_through_the_form(resident):
    edition = ForumEditionFactory(capacity=1)
    section = SectionFactory(edition=edition, capacity=10)
    client = Client()
    client.force_login(resident)
    response = client.post(
        reverse("forum:register", args=[edition.year]),
        {"full_name": "Иванов Иван Иванович", "participant_type": "tos", "organisation": "ТОС «Шлюзовой»",
         "sections": [section.pk], "consent": "on"},
        follow=True,
    )
    registration = Registration.objects.get(user=resident)
    assert registration.status == Registration.Status.CONFIRMED
    assert registration.participant_type == "tos"
    page = response.content.decode()
    assert registration.display_code in page
    assert section.title in page


def test_duplicate_post_is_refused(resident):
    edition = ForumEditionFactory()
    register(edition, resident)
    client = Client()
    client.force_login(resident)
    response = client.post(
        reverse("forum:register", args=[edition.year]),
        {"full_name": "Иванов Иван", "participant_type": "resident", "consent": "on"}, follow=True,
    )
    assert "уже зарегистрированы" in response.content.decode()
    assert Registration.objects.filter(user=resident).count() == 1


def test_honeypot_refuses_bots(resident):
    edition = ForumEditionFactory()
    client = Client()
    client.force_login(resident)
    client.post(
        reverse("forum:register", args=[edition.year]),
        {"full_name": "Бот", "participant_type": "resident", "consent": "on", "website": "http://spam"},
    )
    assert not Registration.objects.exists()


def test_current_redirects_to_latest_not_archived(db):
    ForumEditionFactory(year=2050, status=ForumEdition.Status.ARCHIVED)
    ForumEditionFactory(year=2049, status=ForumEdition.Status.REGISTRATION_OPEN)
    ForumEditionFactory(year=2048, status=ForumEdition.Status.HELD)
    response = Client().get(reverse("forum:current"))
    assert response["Location"] == reverse("forum:edition", args=[2049])


def test_current_without_any_edition(db):
    response = Client().get(reverse("forum:current"))
    assert response.status_code == 200
    assert "ещё не анонсирован" in response.content.decode()


def test_unknown_year_is_404(db):
    assert Client().get(reverse("forum:edition", args=[1999])).status_code == 404
    assert Client().get(reverse("forum:resolution", args=[1999])).status_code == 404


@pytest.mark.parametrize("role", ROLES)
def test_checkin_link_on_the_programme_only_for_staff(world, role):
    page = client_for(world, role).get(reverse("forum:edition", args=[world.edition.year])).content.decode()
    link = reverse("forum:checkin", args=[world.edition.year])
    assert (link in page) == (role in STAFF)
