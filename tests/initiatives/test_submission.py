"""The resident's guided submission: steps, saving as you go, who may edit, submitting, withdrawing."""

from __future__ import annotations

import io

import pytest
from django.contrib.messages import get_messages
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from PIL import Image

from initiatives import services
from initiatives.models import Category, CoauthorInvitation, Initiative, NationalProject, Scope, StatusChange
from initiatives.views import submission as views
from tests.factories import MicrodistrictFactory, StaffUserFactory, UserFactory
from tests.initiatives.factories import CoauthorInvitationFactory

pytestmark = pytest.mark.django_db

S = Initiative.Status


def step_url(initiative: Initiative, step: str) -> str:
    return reverse("initiatives:edit_step", args=[initiative.pk, step])


def messages_of(response) -> list[str]:
    return [str(m) for m in get_messages(response.wsgi_request)]


def jpeg(name: str = "dvor.jpg") -> SimpleUploadedFile:
    buffer = io.BytesIO()
    Image.new("RGB", (120, 90), (90, 160, 60)).save(buffer, format="JPEG")
    return SimpleUploadedFile(name, buffer.getvalue(), content_type="image/jpeg")


MINIMAL_PDF = b"%PDF-1.4\n1 0 obj <<>> endobj\ntrailer <<>>\n%%EOF\n"


def pdf(name: str = "smeta.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, MINIMAL_PDF, content_type="application/pdf")


def what_data(**overrides: object) -> dict[str, object]:
    data: dict[str, object] = {
        "title": "Спортивная площадка во дворе на бульваре Гая, 14",
        "summary": "Поставить турники и брусья для подростков и взрослых.",
        "description": "Во дворе нет ни одного спортивного снаряда, подростки сидят у подъездов.",
        "category": Category.objects.get(slug="sport").pk,
        "national_project": NationalProject.objects.get(slug="molodezh-i-deti").pk,
        "website": "",
    }
    data.update(overrides)
    return data


@pytest.fixture
def draft(author, microdistrict) -> Initiative:
    """A draft made through the first step's service: only the «what» is filled in."""
    return services.initiative_create_draft(
        author=author,
        data={"title": "Скамейки у подъездов", "summary": "Поставить скамейки у каждого подъезда.",
              "category": Category.objects.get(slug="zhkh")},
    )


# The whole way -------------------------------------------------------------------------------------


def test_happy_path_through_every_step_to_moderation(login, author, microdistrict, django_capture_on_commit_callbacks):
    client = login(author)

    response = client.get(reverse("initiatives:create"))
    assert response.status_code == 200
    assert 'name="website"' in response.content.decode()  # the honeypot is there

    response = client.post(reverse("initiatives:create"), what_data())
    initiative = Initiative.objects.get(author=author)
    assert response.status_code == 302
    assert response["Location"] == step_url(initiative, "where")
    assert initiative.status == S.DRAFT
    assert initiative.title == "Спортивная площадка во дворе на бульваре Гая, 14"

    response = client.post(step_url(initiative, "where"), {
        "scope": Scope.MICRODISTRICT, "microdistrict": microdistrict.pk, "district": "",
        "address": "бульвар Гая, 14, двор", "latitude": "53.5078", "longitude": "49,4204",
    })
    assert response.status_code == 302
    assert response["Location"] == step_url(initiative, "photos")

    response = client.post(step_url(initiative, "photos"), {
        "photos": [jpeg("dvor-1.jpg"), jpeg("dvor-2.jpg")], "caption": "Двор сейчас",
        "document": pdf(), "document_title": "Смета на снаряды",
    })
    assert response.status_code == 302
    assert initiative.photos.count() == 2
    assert initiative.documents.get().title == "Смета на снаряды"

    response = client.post(step_url(initiative, "resources"), {
        "estimated_budget": "350 000", "needs": ["needs_volunteers", "needs_materials"],
        "resources_description": "Нужны 6 волонтёров на субботник и бетон для установки.",
    })
    assert response.status_code == 302
    assert response["Location"] == step_url(initiative, "group")

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(step_url(initiative, "group"), {"email": "Sosed@Example.org"})
    assert response.status_code == 302
    assert initiative.invitations.get().email == "sosed@example.org"

    response = client.get(step_url(initiative, "review"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Отправить на модерацию" in html
    assert "Чтобы отправить, заполните" not in html
    assert response.context["missing"] == []

    response = client.post(reverse("initiatives:submit", args=[initiative.pk]))
    assert response.status_code == 302
    initiative.refresh_from_db()
    assert initiative.status == S.MODERATION
    assert initiative.submitted_at is not None
    assert initiative.microdistrict == microdistrict
    assert initiative.district == microdistrict.district  # derived from the microdistrict
    assert str(initiative.latitude) == "53.507800"
    assert str(initiative.longitude) == "49.420400"
    assert str(initiative.estimated_budget) == "350000.00"
    assert (initiative.needs_money, initiative.needs_volunteers, initiative.needs_materials) == (False, True, True)
    change = StatusChange.objects.get(initiative=initiative)
    assert (change.from_status, change.to_status, change.actor) == (S.DRAFT, S.MODERATION, author)
    assert any("отправлена на модерацию" in m for m in messages_of(response))


def test_step_navigation_marks_the_current_step_and_progress(login, author, draft):
    response = login(author).get(step_url(draft, "where"))
    html = response.content.decode()
    assert 'aria-current="step"' in html
    assert "Шаг 2 из 6" in html
    done = {item["step"].slug: item["done"] for item in response.context["steps"]}
    assert done["what"] is True
    assert done["photos"] is False


def test_edit_without_step_opens_the_first_unfinished_step(login, author, draft):
    response = login(author).get(reverse("initiatives:edit", args=[draft.pk]))
    assert response["Location"] == step_url(draft, "where")


def test_unknown_step_is_404(login, author, draft):
    assert login(author).get(f"/initiatives/{draft.pk}/edit/nonsense/").status_code == 404


def test_honeypot_filled_creates_nothing(login, author):
    response = login(author).post(reverse("initiatives:create"), what_data(website="http://spam.example"))
    assert response.status_code == 200
    assert not Initiative.objects.exists()


# Never lose input ------------------------------------------------------------------------------------


def test_create_validation_error_keeps_typed_values(login, author):
    response = login(author).post(reverse("initiatives:create"), what_data(title=""))
    html = response.content.decode()
    assert response.status_code == 200
    assert not Initiative.objects.exists()
    assert "Поставить турники и брусья для подростков и взрослых." in html
    assert "Во дворе нет ни одного спортивного снаряда" in html
    assert response.context["form"].errors["title"]
    assert 'aria-invalid="true"' in html


def test_what_step_validation_error_keeps_typed_values(login, author, draft):
    response = login(author).post(step_url(draft, "what"), {
        "title": "Новые скамейки", "summary": "", "description": "Старые скамейки сгнили.", "category": "",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Новые скамейки"' in html
    assert "Старые скамейки сгнили." in html
    assert set(response.context["form"].errors) == {"summary", "category"}
    draft.refresh_from_db()
    assert draft.title == "Скамейки у подъездов"


def test_where_step_validation_error_keeps_typed_values(login, author, draft):
    response = login(author).post(step_url(draft, "where"), {
        "scope": Scope.MICRODISTRICT, "microdistrict": "", "address": "бульвар Гая, 14",
        "latitude": "55.751244", "longitude": "37.618423",  # Moscow
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="бульвар Гая, 14"' in html
    assert 'value="55.751244"' in html
    errors = response.context["form"].errors
    assert "Выберите микрорайон" in errors["microdistrict"][0]
    assert "Точка должна быть в Тольятти" in errors["latitude"][0]
    assert "Точка должна быть в Тольятти" in errors["longitude"][0]
    draft.refresh_from_db()
    assert draft.address == ""


def test_where_step_needs_both_coordinates(login, author, draft, microdistrict):
    response = login(author).post(step_url(draft, "where"), {
        "scope": Scope.MICRODISTRICT, "microdistrict": microdistrict.pk, "latitude": "53.51", "longitude": "",
    })
    assert response.status_code == 200
    assert "обе координаты" in response.context["form"].errors["longitude"][0]


def test_where_step_district_scope_drops_microdistrict(login, author, draft, microdistrict, district):
    response = login(author).post(step_url(draft, "where"), {
        "scope": Scope.DISTRICT, "district": district.pk, "microdistrict": microdistrict.pk,
    })
    assert response.status_code == 302
    draft.refresh_from_db()
    assert (draft.scope, draft.district, draft.microdistrict) == (Scope.DISTRICT, district, None)


def test_resources_step_validation_error_keeps_typed_values(login, author, draft):
    response = login(author).post(step_url(draft, "resources"), {
        "estimated_budget": "много", "needs": ["needs_money"], "resources_description": "Нужны лопаты и грабли.",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="много"' in html
    assert "Нужны лопаты и грабли." in html
    assert 'value="needs_money" id="id_needs_0" checked' in html
    assert response.context["form"].errors["estimated_budget"]


def test_group_step_validation_error_keeps_typed_value(login, author, draft):
    response = login(author).post(step_url(draft, "group"), {"email": "sosed-at-example.org"})
    assert response.status_code == 200
    assert 'value="sosed-at-example.org"' in response.content.decode()
    assert not CoauthorInvitation.objects.exists()


def test_photos_step_validation_error_keeps_typed_values(login, author, draft):
    response = login(author).post(step_url(draft, "photos"), {
        "caption": "Двор до ремонта", "document_title": "Схема двора",
    })
    html = response.content.decode()
    assert response.status_code == 200
    assert 'value="Двор до ремонта"' in html
    assert 'value="Схема двора"' in html
    assert "Выберите PDF-файл" in response.context["form"].errors["document"][0]


def test_reload_shows_the_saved_draft(login, author, draft, microdistrict):
    client = login(author)
    client.post(step_url(draft, "what"), what_data(title="Площадка для выгула собак"))
    client.post(step_url(draft, "where"), {
        "scope": Scope.MICRODISTRICT, "microdistrict": microdistrict.pk, "address": "улица Жилина, 8",
        "latitude": "53.52", "longitude": "49.41",
    })
    client.post(step_url(draft, "resources"), {
        "estimated_budget": "120000", "needs": ["needs_expertise"], "resources_description": "Кинолог.",
    })

    html = client.get(step_url(draft, "what")).content.decode()
    assert 'value="Площадка для выгула собак"' in html
    assert "Во дворе нет ни одного спортивного снаряда" in html

    html = client.get(step_url(draft, "where")).content.decode()
    assert 'value="улица Жилина, 8"' in html
    assert 'value="53.520000"' in html
    assert f'<option value="{microdistrict.pk}" selected>' in html

    html = client.get(step_url(draft, "resources")).content.decode()
    assert 'value="120000.00"' in html
    assert 'value="needs_expertise" id="id_needs_3" checked' in html
    assert "Кинолог." in html


def test_save_and_stay_keeps_the_resident_on_the_step(login, author, draft):
    response = login(author).post(step_url(draft, "what"), what_data(stay="1"))
    assert response["Location"] == step_url(draft, "what")


# Who may open the steps -----------------------------------------------------------------------------


@pytest.mark.parametrize("step", [s.slug for s in views.STEPS])
def test_anonymous_is_sent_to_login(login, draft, step):
    response = login(None).get(step_url(draft, step))
    assert response.status_code == 302
    assert response["Location"].startswith(reverse("account_login"))
    assert "next=" in response["Location"]


def test_create_needs_login(login):
    response = login(None).get(reverse("initiatives:create"))
    assert response["Location"].startswith(reverse("account_login"))


@pytest.mark.parametrize("status", [S.DRAFT, S.MODERATION])
@pytest.mark.parametrize("step", [s.slug for s in views.STEPS])
def test_other_resident_and_moderators_cannot_open_steps(login, make_initiative, moderator, step, status):
    initiative = make_initiative(status=status)  # in the moderator's district
    outsiders = (UserFactory(), moderator, StaffUserFactory(role="moderator"), StaffUserFactory(role="administrator"))
    for outsider in outsiders:
        assert login(outsider).get(step_url(initiative, step)).status_code == 404, outsider


def test_outsider_cannot_post_to_a_step(login, draft):
    response = login(UserFactory()).post(step_url(draft, "what"), what_data(title="Взлом"))
    assert response.status_code == 404
    draft.refresh_from_db()
    assert draft.title == "Скамейки у подъездов"


def test_pending_invitee_is_not_yet_in_the_group(login, draft):
    invitee = UserFactory()
    CoauthorInvitationFactory(initiative=draft, accepted=False, email=invitee.email)
    assert login(invitee).get(step_url(draft, "what")).status_code == 404


def test_coauthor_with_accepted_invitation_may_edit(login, draft, coauthor):
    CoauthorInvitationFactory(initiative=draft, user=coauthor)
    client = login(coauthor)
    assert client.get(step_url(draft, "what")).status_code == 200
    response = client.post(step_url(draft, "what"), what_data(title="Скамейки и урны у подъездов"))
    assert response.status_code == 302
    draft.refresh_from_db()
    assert draft.title == "Скамейки и урны у подъездов"


# Statuses ------------------------------------------------------------------------------------------------


def test_editing_refused_after_submission(login, author, make_initiative):
    initiative = make_initiative(status=S.DRAFT)
    client = login(author)
    client.post(reverse("initiatives:submit", args=[initiative.pk]))
    initiative.refresh_from_db()
    assert initiative.status == S.MODERATION

    response = client.get(step_url(initiative, "what"))
    assert response["Location"] == step_url(initiative, "review")
    assert any("изменить её нельзя" in m for m in messages_of(response))

    response = client.post(step_url(initiative, "what"), what_data(title="Тайком поменяли название"))
    assert response.status_code == 409
    assert any("только в черновике или на доработке" in m for m in messages_of(response))
    assert 'value="Тайком поменяли название"' in response.content.decode()  # input kept on screen
    initiative.refresh_from_db()
    assert initiative.title != "Тайком поменяли название"


def test_review_after_submission_is_read_only(login, author, moderation_initiative):
    response = login(author).get(step_url(moderation_initiative, "review"))
    html = response.content.decode()
    assert response.status_code == 200
    assert "Отправить на модерацию</button>" not in html
    assert "Инициатива на модерации" in html


def test_photo_upload_refused_after_submission(login, author, moderation_initiative):
    response = login(author).post(step_url(moderation_initiative, "photos"), {"photos": [jpeg()]})
    assert response.status_code == 409
    assert not moderation_initiative.photos.exists()


def test_submission_with_missing_fields_lists_them(login, author):
    initiative = services.initiative_create_draft(
        author=author, data={"title": "Клумба", "summary": "Разбить клумбу у школы."}
    )
    response = login(author).post(reverse("initiatives:submit", args=[initiative.pk]))
    assert response["Location"] == step_url(initiative, "review")
    text = " ".join(messages_of(response))
    assert "Заполните, пожалуйста" in text
    assert "категория" in text
    assert "микрорайон" in text
    initiative.refresh_from_db()
    assert initiative.status == S.DRAFT
    assert not StatusChange.objects.filter(initiative=initiative).exists()


def test_review_lists_what_is_missing(login, author, draft):
    response = login(author).get(step_url(draft, "review"))
    html = response.content.decode()
    assert "Чтобы отправить, заполните" in html
    assert "Микрорайон" in html
    assert response.context["missing"] == ["микрорайон"]


def test_revision_reason_is_shown_on_every_step(login, author, make_initiative, moderator):
    initiative = make_initiative(status=S.MODERATION)
    services.initiative_request_revision(
        initiative, actor=moderator, reason="Уточните адрес: на бульваре Гая два дома 14."
    )
    client = login(author)
    for step in views.STEPS:
        html = client.get(step_url(initiative, step.slug)).content.decode()
        assert "Модератор вернул инициативу на доработку" in html, step.slug
        assert "Уточните адрес: на бульваре Гая два дома 14." in html, step.slug

    # Fixed and sent again: the note goes away with the revision status.
    client.post(step_url(initiative, "where"), {
        "scope": Scope.MICRODISTRICT, "microdistrict": initiative.microdistrict_id, "address": "бульвар Гая, 14а",
    })
    client.post(reverse("initiatives:submit", args=[initiative.pk]))
    initiative.refresh_from_db()
    assert initiative.status == S.MODERATION
    assert initiative.address == "бульвар Гая, 14а"
    assert "Модератор вернул" not in client.get(step_url(initiative, "review")).content.decode()


def test_withdraw_by_author(login, author, make_initiative):
    initiative = make_initiative(status=S.MODERATION)
    response = login(author).post(
        reverse("initiatives:withdraw", args=[initiative.pk]), {"reason": "Двор благоустроит управляющая компания."}
    )
    assert response["Location"] == reverse("initiatives:my")
    initiative.refresh_from_db()
    assert initiative.status == S.WITHDRAWN
    change = initiative.status_changes.get(to_status=S.WITHDRAWN)
    assert change.reason == "Двор благоустроит управляющая компания."


def test_withdraw_by_coauthor_refused(login, coauthor, make_initiative):
    initiative = make_initiative(status=S.DRAFT)  # the co-author is in the group
    response = login(coauthor).post(reverse("initiatives:withdraw", args=[initiative.pk]), {"reason": ""})
    assert response["Location"] == step_url(initiative, "review")
    assert "Отозвать инициативу может только её автор." in messages_of(response)
    initiative.refresh_from_db()
    assert initiative.status == S.DRAFT


def test_withdraw_button_only_for_the_author(login, author, coauthor, make_initiative):
    initiative = make_initiative(status=S.DRAFT)
    assert "Отозвать инициативу" in login(author).get(step_url(initiative, "review")).content.decode()
    assert "Отозвать инициативу" not in login(coauthor).get(step_url(initiative, "review")).content.decode()


def test_service_errors_never_become_500(login, author, draft, monkeypatch):
    def refuse(*args, **kwargs):
        raise services.NotAllowed("Нельзя.")

    monkeypatch.setattr(services, "initiative_update", refuse)
    response = login(author).post(step_url(draft, "what"), what_data(title="Что-то новое"))
    assert response.status_code == 403
    assert "Нельзя." in messages_of(response)


def test_microdistricts_are_grouped_by_district(login, author, draft, microdistrict):
    other = MicrodistrictFactory(name="Шлюзовой")
    html = login(author).get(step_url(draft, "where")).content.decode()
    assert f'<optgroup label="{microdistrict.district.name}">' in html
    assert f'<optgroup label="{other.district.name}">' in html
    assert "<legend" in html  # the scope radios are a fieldset with a legend


# Rate limit ------------------------------------------------------------------------------------------------


def test_creating_drafts_is_rate_limited_with_a_message(login, author):
    client = login(author)
    for n in range(10):
        assert client.post(reverse("initiatives:create"), what_data(title=f"Инициатива {n}")).status_code == 302
    response = client.post(reverse("initiatives:create"), what_data(title="Одиннадцатая"))
    assert response.status_code == 429
    assert any("слишком много черновиков" in m for m in messages_of(response))
    assert 'value="Одиннадцатая"' in response.content.decode()
    assert Initiative.objects.count() == 10


def test_invalid_create_attempts_do_not_count_against_the_limit(login, author):
    client = login(author)
    for _n in range(12):
        client.post(reverse("initiatives:create"), what_data(title=""))
    assert client.post(reverse("initiatives:create"), what_data()).status_code == 302


# Started from a microdistrict's or a TOS's page ------------------------------------------------------


def test_draft_started_from_a_microdistrict_page_is_placed_in_that_microdistrict(login, author, microdistrict):
    client = login(author)
    url = f"{reverse('initiatives:create')}?microdistrict={microdistrict.slug}"
    form = client.get(url)
    assert form.status_code == 200
    assert f'name="place_microdistrict" value="{microdistrict.slug}"' in form.content.decode()

    response = client.post(reverse("initiatives:create"), what_data(place_microdistrict=microdistrict.slug))
    initiative = Initiative.objects.get(author=author)
    assert response["Location"] == step_url(initiative, "where")
    assert initiative.scope == Scope.MICRODISTRICT
    assert initiative.microdistrict == microdistrict
    assert initiative.district == microdistrict.district
    # The «Где» step opens with it chosen.
    assert f'<option value="{microdistrict.pk}" selected>' in client.get(step_url(initiative, "where")).content.decode()


@pytest.mark.parametrize("value", ["no-such-place", "x" * 300, "'; drop table--", "%00"])
def test_unknown_microdistrict_in_the_link_is_ignored(login, author, value):
    client = login(author)
    assert client.get(reverse("initiatives:create"), {"microdistrict": value, "tos": value}).status_code == 200
    response = client.post(reverse("initiatives:create"), what_data(place_microdistrict=value, place_tos=value))
    assert response.status_code == 302
    initiative = Initiative.objects.get(author=author)
    assert initiative.microdistrict is None and initiative.tos is None


def test_draft_started_from_a_tos_page_gets_the_tos_and_its_single_microdistrict(login, author, microdistrict):
    from tests.factories import TOSFactory

    tos = TOSFactory(district=microdistrict.district)
    tos.microdistricts.add(microdistrict)
    client = login(author)
    assert f'value="{tos.slug}"' in client.get(reverse("initiatives:create"), {"tos": tos.slug}).content.decode()
    client.post(reverse("initiatives:create"), what_data(place_tos=tos.slug))
    initiative = Initiative.objects.get(author=author)
    assert initiative.tos == tos
    assert initiative.microdistrict == microdistrict
