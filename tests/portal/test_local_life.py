"""Local life on the pages residents land on: home, microdistrict, TOS, council, forum archive;
the catalogue's folded filters with removable chips; where to start an initiative."""

from __future__ import annotations

import pytest
from django.urls import reverse

from initiatives.kinds import Kind
from initiatives.models import Initiative
from notifications.registry import get_kind
from tests.factories import CouncilFactory, MicrodistrictFactory, StaffUserFactory, TOSFactory, UserFactory
from tests.forum.factories import ForumEditionFactory, ResolutionFactory, ResolutionItemFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db
S = Initiative.Status
CREATE_URL = "/initiatives/new/"
PASSWORD = "correct-horse-battery"  # tests.factories.UserFactory


def test_microdistrict_page_lists_its_public_initiatives_and_offers_to_propose_one(client) -> None:
    microdistrict = MicrodistrictFactory()
    InitiativeFactory(microdistrict=microdistrict, title="Скамейки у третьего подъезда")
    InitiativeFactory(microdistrict=microdistrict, title="Черновик соседа", status=S.DRAFT)
    InitiativeFactory(title="Инициатива другого микрорайона")

    page = client.get(microdistrict.get_absolute_url()).content.decode()

    assert "Инициативы жителей микрорайона" in page
    assert "Скамейки у третьего подъезда" in page
    assert "Черновик соседа" not in page
    assert "Инициатива другого микрорайона" not in page
    assert f'href="{CREATE_URL}?microdistrict={microdistrict.slug}"' in page and "Предложить инициативу" in page


def test_microdistrict_page_without_initiatives_still_offers_to_propose_one(client) -> None:
    microdistrict = MicrodistrictFactory()
    page = client.get(microdistrict.get_absolute_url()).content.decode()
    assert "пока нет опубликованных инициатив" in page
    assert f'href="{CREATE_URL}?microdistrict={microdistrict.slug}"' in page


def test_tos_page_lists_initiatives_on_its_territory(client) -> None:
    tos = TOSFactory()
    InitiativeFactory(tos=tos, title="Клумбы у дома ТОС")
    page = client.get(tos.get_absolute_url()).content.decode()
    assert "Инициативы на территории ТОС" in page
    assert "Клумбы у дома ТОС" in page
    assert f'href="{CREATE_URL}?tos={tos.slug}"' in page


def test_council_page_lists_initiatives_forwarded_to_it(client) -> None:
    council = CouncilFactory()
    InitiativeFactory(forwarded_to=council, status=S.CONSIDERATION, title="Освещение дорожки к школе")
    InitiativeFactory(microdistrict=council.microdistrict, title="Не переданная совету")
    page = client.get(council.get_absolute_url()).content.decode()
    assert "Инициативы, переданные совету" in page
    assert "Освещение дорожки к школе" in page
    assert "Не переданная совету" not in page


def test_council_page_without_forwarded_initiatives_has_no_empty_block(client) -> None:
    page = client.get(CouncilFactory().get_absolute_url()).content.decode()
    assert "Инициативы, переданные совету" not in page


def test_home_shows_collecting_initiatives_forum_and_resolution_progress(client) -> None:
    InitiativeFactory(title="Собирает поддержку сейчас")
    InitiativeFactory(title="Уже реализована", status=S.IMPLEMENTED)
    edition = ForumEditionFactory(year=2031)
    resolution = ResolutionFactory(edition__year=2030)
    ResolutionItemFactory(resolution=resolution, progress_percent=40)
    ResolutionItemFactory(resolution=resolution, status="done", progress_percent=0)

    page = client.get("/").content.decode()

    assert "Собирает поддержку сейчас" in page
    assert "Уже реализована" not in page
    assert f'href="{CREATE_URL}"' in page
    assert edition.get_absolute_url() in page
    assert reverse("forum:resolution", args=[2030]) in page
    assert "70 %" in page  # (40 + 100) / 2


def test_forum_page_links_to_past_editions_and_their_resolutions(client) -> None:
    ResolutionFactory(edition__year=2030)
    current = ForumEditionFactory(year=2031)
    page = client.get(current.get_absolute_url()).content.decode()
    assert "Форумы других лет" in page
    assert reverse("forum:edition", args=[2030]) in page
    assert reverse("forum:resolution", args=[2030]) in page


def test_initiative_list_offers_to_propose_an_initiative_and_login_brings_back(client) -> None:
    page = client.get(reverse("initiatives:list")).content.decode()
    assert f'href="{CREATE_URL}"' in page
    response = client.get(CREATE_URL)
    assert response.status_code == 302
    assert response["Location"] == f"{reverse('account_login')}?next={CREATE_URL}"


def test_anonymous_visitor_who_logs_in_lands_on_the_submission_form(client) -> None:
    resident = UserFactory()
    login_url = client.get(CREATE_URL)["Location"]
    response = client.post(login_url, {"login": resident.email, "password": PASSWORD})
    assert response.status_code == 302
    assert response["Location"] == CREATE_URL
    form = client.get(response["Location"])
    assert form.status_code == 200
    assert form.wsgi_request.user == resident
    assert 'name="title"' in form.content.decode()


def test_filters_fold_into_details_and_active_ones_show_as_removable_chips(client) -> None:
    microdistrict = MicrodistrictFactory(name="7 квартал", slug="kvartal-7-chips")
    response = client.get(reverse("initiatives:list"), {"microdistrict": microdistrict.slug, "q": "двор", "page": "2"})
    page = response.content.decode()
    assert '<details class="card filter-details">' in page
    assert "Фильтры" in page
    chips = response.context["filter"].active_filters
    assert [(c["label"], c["value"]) for c in chips] == [("Поиск", "двор"), ("Микрорайон", "7 квартал")]
    # Removing the search keeps the microdistrict and drops the page number.
    assert chips[0]["query"] == f"?microdistrict={microdistrict.slug}"
    assert f'href="/initiatives/?microdistrict={microdistrict.slug}"' in page


def test_invalid_filter_opens_the_panel_and_makes_no_chip(client) -> None:
    response = client.get(reverse("initiatives:list"), {"category": "no-such-category"})
    page = response.content.decode()
    assert '<details class="card filter-details" open>' in page
    assert response.context["filter"].active_filters == []


def test_map_has_no_sort_field(client) -> None:
    response = client.get(reverse("initiatives:map"), {"sort": "supported"})
    assert response.status_code == 200
    assert "sort" not in response.context["filter"].form.fields
    assert 'name="sort"' not in response.content.decode()
    assert 'name="sort"' in client.get(reverse("initiatives:list")).content.decode()


def test_cards_without_a_photo_have_no_empty_picture_box(client) -> None:
    InitiativeFactory(title="Без фотографии")
    page = client.get(reverse("initiatives:list")).content.decode()
    assert "Без фотографии" in page
    assert "initiative-card-thumb" not in page


def test_residents_are_not_offered_moderators_notifications(client, resident) -> None:
    client.force_login(resident)
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert str(get_kind(Kind.INITIATIVE_SUBMITTED).label) not in page
    assert str(get_kind(Kind.STATUS_CHANGED).label) in page
    # Saving still works without the hidden kind's fields.
    response = client.post(reverse("notifications:preferences"), {"status_changed__email": "on"})
    assert response.status_code == 302


def test_moderators_still_choose_how_they_hear_of_new_initiatives(client) -> None:
    client.force_login(StaffUserFactory(role="moderator"))
    page = client.get(reverse("notifications:preferences")).content.decode()
    assert str(get_kind(Kind.INITIATIVE_SUBMITTED).label) in page
