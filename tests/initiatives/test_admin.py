"""Staff admin of initiatives: the queue and its scope, actions through the services, CSV, comments."""

from __future__ import annotations

import datetime as dt

import pytest
from django.contrib import admin
from django.contrib.messages import ERROR, SUCCESS
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.models import (
    Category,
    Initiative,
    OfficialResponse,
    ProgressUpdate,
    Scope,
    StatusChange,
)
from tests.factories import (
    CouncilFactory,
    MicrodistrictFactory,
)
from tests.initiatives.factories import (
    CoauthorInvitationFactory,
    CommentFactory,
    CommentReportFactory,
    OfficialResponseFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    StatusChangeFactory,
    jpeg_upload,
)

from .admin_helpers import (
    CHANGELIST,
    REASON,
    S,
    _assert_moved,
    _change_url,
    _do_url,
    _messages,
    _pdf,
    assert_not_found_in_admin,
    bulk,
    make_initiative,
)

pytestmark = pytest.mark.django_db


# --- every admin loads ----------------------------------------------------------------------------------


def test_every_initiatives_admin_loads_for_superuser(client, superuser, district):
    initiative = make_initiative(district, S.IMPLEMENTED, is_best_practice=True, best_practice_summary="Как: …")
    StatusChangeFactory(initiative=initiative, from_status=S.IN_PROGRESS, to_status=S.IMPLEMENTED)
    OfficialResponseFactory(initiative=initiative)
    ProgressUpdateFactory(initiative=initiative)
    PhotoFactory(initiative=initiative)
    CoauthorInvitationFactory(initiative=initiative)
    CommentReportFactory(comment=CommentFactory(initiative=initiative))
    client.force_login(superuser)
    registered = [m for m in admin.site._registry if m._meta.app_label == "initiatives"]
    assert {m.__name__ for m in registered} >= {
        "Initiative", "Comment", "Category", "NationalProject", "SupportRule", "StatusChange",
    }
    for model in registered:
        model_admin = admin.site._registry[model]
        info = model._meta.app_label, model._meta.model_name
        changelist = client.get(reverse("admin:{}_{}_changelist".format(*info)))
        assert changelist.status_code == 200, model
        if model_admin.has_add_permission(changelist.wsgi_request):
            assert client.get(reverse("admin:{}_{}_add".format(*info))).status_code == 200, model
        obj = model_admin.get_queryset(changelist.wsgi_request).first()
        assert obj is not None, model
        assert client.get(reverse("admin:{}_{}_change".format(*info), args=[obj.pk])).status_code == 200, model


def test_change_page_shows_timeline_inlines_and_the_buttons_of_its_status(client, superuser, district):
    initiative = make_initiative(district, S.MODERATION)
    StatusChangeFactory(initiative=initiative, from_status=S.DRAFT, to_status=S.MODERATION)
    CoauthorInvitationFactory(initiative=initiative, accepted=False, email="sosed@example.org")
    client.force_login(superuser)
    response = client.get(_change_url(initiative))
    assert response.status_code == 200
    page = response.content.decode()
    assert "sosed@example.org" in page  # the group, for staff only
    labels = [b["label"] for b in response.context["service_buttons"]]
    assert [str(label) for label in labels] == ["Опубликовать", "Вернуть на доработку", "Отклонить"]
    assert _do_url(initiative, "publish") in page
    # Status is shown, never a form field.
    assert "status" not in response.context["adminform"].form.fields


def test_action_pages_load(client, superuser, district):
    client.force_login(superuser)
    cases = {
        "request_revision": S.MODERATION, "reject": S.PUBLISHED, "forward": S.PUBLISHED, "publish": S.MODERATION,
        "mark_best_practice": S.IMPLEMENTED, "add_official_response": S.PUBLISHED,
        "add_progress_update": S.IN_PROGRESS,
    }
    for action, status in cases.items():
        initiative = make_initiative(district, status)
        response = client.get(_do_url(initiative, action))
        assert response.status_code == 200, action
        assert response.context["form"] is not None
    assert client.get(_do_url(initiative, "no_such_action")).status_code == 404


# --- the queue and its scope ----------------------------------------------------------------------------


def _shown(client) -> set[int]:
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 200
    return {obj.pk for obj in response.context["cl"].result_list}


def test_district_moderator_sees_only_own_district(client, moderator, queue):
    client.force_login(moderator)
    assert _shown(client) == {queue["own"].pk, queue["own_published"].pk}


def test_city_moderator_sees_every_district_and_city_wide(client, city_moderator, queue):
    client.force_login(city_moderator)
    assert _shown(client) == {queue[k].pk for k in ("own", "own_published", "other", "city")}


def test_drafts_stay_private_even_for_superuser(client, superuser, queue):
    client.force_login(superuser)
    assert queue["draft"].pk not in _shown(client)
    assert_not_found_in_admin(client.get(_change_url(queue["draft"])))


@pytest.mark.parametrize("key", ["other", "city"])
def test_district_moderator_cannot_open_or_act_on_others_by_url(client, moderator, queue, key):
    client.force_login(moderator)
    initiative = queue[key]
    assert_not_found_in_admin(client.get(_change_url(initiative)))
    assert client.get(_do_url(initiative, "reject")).status_code == 404
    assert client.post(_do_url(initiative, "publish")).status_code == 404
    bulk(client, "publish", [initiative])
    initiative.refresh_from_db()
    assert initiative.status == S.MODERATION
    assert not StatusChange.objects.filter(initiative=initiative).exists()


def test_queue_orders_moderation_first_oldest_first(client, city_moderator, district):
    now = timezone.now()
    newer = make_initiative(district, S.MODERATION, submitted_at=now - dt.timedelta(days=1))
    published = make_initiative(district, S.PUBLISHED, submitted_at=now - dt.timedelta(days=30))
    oldest = make_initiative(district, S.MODERATION, submitted_at=now - dt.timedelta(days=9))
    client.force_login(city_moderator)
    response = client.get(reverse(CHANGELIST))
    assert [o.pk for o in response.context["cl"].result_list] == [oldest.pk, newer.pk, published.pk]
    assert "9" in response.content.decode()  # waiting time, human readable


def test_queue_query_count_does_not_grow_with_rows(client, city_moderator, district, django_assert_max_num_queries):
    client.force_login(city_moderator)
    make_initiative(district)
    client.get(reverse(CHANGELIST))  # warm caches (content types, role names)
    with CaptureQueriesContext(connection) as few:
        client.get(reverse(CHANGELIST))
    for status in (S.MODERATION, S.PUBLISHED, S.IN_PROGRESS) * 5:
        make_initiative(district, status)
    with django_assert_max_num_queries(len(few.captured_queries)):
        client.get(reverse(CHANGELIST))


def test_waiting_filter(client, city_moderator, district):
    now = timezone.now()
    long = make_initiative(district, S.MODERATION, submitted_at=now - dt.timedelta(days=10))
    make_initiative(district, S.MODERATION, submitted_at=now - dt.timedelta(days=2))
    make_initiative(district, S.PUBLISHED, submitted_at=now - dt.timedelta(days=40))
    client.force_login(city_moderator)
    response = client.get(reverse(CHANGELIST), {"waiting_days": "7"})
    assert [o.pk for o in response.context["cl"].result_list] == [long.pk]


def test_changelist_filters_and_search_do_not_fail(client, superuser, queue):
    client.force_login(superuser)
    for params in (
        {"status": S.MODERATION}, {"scope__exact": Scope.CITY}, {"q": "Татищева'; DROP TABLE --"},
        {"category__id__exact": Category.objects.first().pk}, {"waiting_days": "bogus"}, {"o": "-8"},
    ):
        assert client.get(reverse(CHANGELIST), params).status_code == 200, params


def test_resident_cannot_enter_the_admin_or_act(client, resident, queue):
    client.force_login(resident)
    response = client.get(reverse(CHANGELIST))
    assert response.status_code == 302 and "login" in response["Location"]
    response = client.post(_do_url(queue["own"], "publish"))
    assert response.status_code == 302 and "login" in response["Location"]
    queue["own"].refresh_from_db()
    assert queue["own"].status == S.MODERATION


# --- actions on selected rows ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "to"),
    [
        ("publish", S.MODERATION, S.PUBLISHED), ("accept", S.CONSIDERATION, S.ACCEPTED),
        ("start", S.ACCEPTED, S.IN_PROGRESS), ("mark_implemented", S.IN_PROGRESS, S.IMPLEMENTED),
    ],
)
def test_bulk_one_click_actions(client, moderator, district, action, status, to):
    initiatives = [make_initiative(district, status), make_initiative(district, status)]
    client.force_login(moderator)
    response = bulk(client, action, initiatives)
    assert response.status_code == 200
    for initiative in initiatives:
        _assert_moved(initiative, to, moderator)
    assert [level for level, _text in _messages(response)] == [SUCCESS, SUCCESS]


@pytest.mark.parametrize(("action", "to"), [("request_revision", S.REVISION), ("reject", S.REJECTED)])
def test_bulk_reason_actions_ask_for_the_reason_first(client, moderator, district, action, to):
    initiatives = [make_initiative(district), make_initiative(district)]
    client.force_login(moderator)
    page = bulk(client, action, initiatives)
    assert page.status_code == 200
    assert page.templates[0].name == "admin/initiatives/action_form.html"
    assert "reason" in page.context["form"].fields
    # Nothing happened yet.
    assert not StatusChange.objects.exists()
    # An empty reason is refused on the page.
    again = bulk(client, action, initiatives, apply="1", reason="   ")
    assert again.context["form"].errors["reason"]
    assert not StatusChange.objects.exists()
    done = bulk(client, action, initiatives, apply="1", reason=REASON)
    for initiative in initiatives:
        _assert_moved(initiative, to, moderator, REASON)
    assert all(level == SUCCESS for level, _text in _messages(done))


def test_bulk_forward_to_a_council_of_the_district(client, moderator, district, other_district):
    initiative = make_initiative(district, S.PUBLISHED)
    council = CouncilFactory(microdistrict=initiative.microdistrict)
    foreign = CouncilFactory(microdistrict=MicrodistrictFactory(district=other_district))
    client.force_login(moderator)
    page = bulk(client, "forward", [initiative])
    choices = set(page.context["form"].fields["council"].queryset)
    assert council in choices and foreign not in choices
    bulk(client, "forward", [initiative], apply="1", council=council.pk, reason="На заседание совета.")
    _assert_moved(initiative, S.CONSIDERATION, moderator, "На заседание совета.")
    initiative.refresh_from_db()
    assert initiative.forwarded_to == council


def test_forward_refuses_a_council_of_another_district(client, city_moderator, district, other_district):
    initiative = make_initiative(district, S.PUBLISHED)
    neighbour = make_initiative(other_district, S.PUBLISHED)
    foreign = CouncilFactory(microdistrict=neighbour.microdistrict)
    client.force_login(city_moderator)
    # One initiative: the other district's council is not even a choice.
    page = bulk(client, "forward", [initiative], apply="1", council=foreign.pk)
    assert page.context["form"].errors["council"]
    # Two districts selected: the council fits one row, the other row is refused with a message.
    response = bulk(client, "forward", [initiative, neighbour], apply="1", council=foreign.pk)
    assert sorted(level for level, _t in _messages(response)) == [SUCCESS, ERROR]
    initiative.refresh_from_db()
    neighbour.refresh_from_db()
    assert initiative.status == S.PUBLISHED and initiative.forwarded_to is None
    assert neighbour.status == S.CONSIDERATION and neighbour.forwarded_to == foreign


def test_bulk_mark_best_practice_is_for_one_initiative(client, moderator, district):
    initiatives = [make_initiative(district, S.IMPLEMENTED), make_initiative(district, S.IMPLEMENTED)]
    client.force_login(moderator)
    response = bulk(client, "mark_best_practice", initiatives, apply="1", summary="Как повторить.")
    assert [level for level, _t in _messages(response)] == [ERROR]
    assert not Initiative.objects.filter(is_best_practice=True).exists()
    page = bulk(client, "mark_best_practice", initiatives[:1])
    assert "summary" in page.context["form"].fields
    bulk(client, "mark_best_practice", initiatives[:1], apply="1", summary="Двор сделали за лето; смета в PDF.")
    initiatives[0].refresh_from_db()
    assert initiatives[0].is_best_practice
    assert initiatives[0].best_practice_summary == "Двор сделали за лето; смета в PDF."


def test_bulk_official_response_with_pdf(client, moderator, district):
    initiative = make_initiative(district, S.CONSIDERATION)
    client.force_login(moderator)
    bulk(client, "add_official_response", [initiative], apply="1", organisation="Администрация района",
         body="Работы включены в план.", attachment=_pdf())
    response = OfficialResponse.objects.get(initiative=initiative)
    assert response.author == moderator and response.attachment.name.endswith(".pdf")


def test_official_response_refuses_a_non_pdf_on_the_page(client, moderator, district):
    initiative = make_initiative(district, S.CONSIDERATION)
    client.force_login(moderator)
    fake = SimpleUploadedFile("answer.pdf", b"MZ not a pdf", "application/pdf")
    page = bulk(client, "add_official_response", [initiative], apply="1", organisation="Администрация",
                body="Текст.", attachment=fake)
    assert page.context["form"].errors["attachment"]
    assert not OfficialResponse.objects.exists()


def test_bulk_progress_update_with_photos(client, moderator, district):
    initiative = make_initiative(district, S.IN_PROGRESS)
    client.force_login(moderator)
    bulk(client, "add_progress_update", [initiative], apply="1", body="Установили качели.",
         photo_before=jpeg_upload("before.jpg"), photo_after=jpeg_upload("after.jpg"))
    update = ProgressUpdate.objects.get(initiative=initiative)
    assert update.photo_before.kind == "before" and update.photo_after.kind == "after"


def test_wrong_status_reports_per_row_and_goes_on(client, moderator, district):
    ready = make_initiative(district, S.MODERATION)
    already = make_initiative(district, S.PUBLISHED)
    client.force_login(moderator)
    response = bulk(client, "publish", [already, ready])
    assert response.status_code == 200
    levels = sorted(level for level, _text in _messages(response))
    assert levels == [SUCCESS, ERROR]
    errors = [text for level, text in _messages(response) if level == ERROR]
    assert already.title in errors[0] and "сбор поддержки" in errors[0]
    already.refresh_from_db()
    assert already.status == S.PUBLISHED
    assert not StatusChange.objects.filter(initiative=already).exists()
    _assert_moved(ready, S.PUBLISHED, moderator)


def test_progress_update_refused_before_implementation_starts(client, moderator, district):
    initiative = make_initiative(district, S.ACCEPTED)
    client.force_login(moderator)
    response = bulk(client, "add_progress_update", [initiative], apply="1", body="Начали.")
    assert [level for level, _t in _messages(response)] == [ERROR]
    assert not ProgressUpdate.objects.exists()
