"""Staff admin of initiatives: the queue and its scope, actions through the services, CSV, comments."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib import admin
from django.contrib.admin.models import LogEntry
from django.contrib.messages import ERROR, SUCCESS
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import connection
from django.test import Client
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from initiatives.models import (
    Category,
    Comment,
    Initiative,
    OfficialResponse,
    ProgressUpdate,
    Scope,
    StatusChange,
    SupportRule,
)
from tests.factories import (
    CouncilFactory,
    MicrodistrictFactory,
    MicrodistrictManagerFactory,
    StaffUserFactory,
    UserFactory,
)
from tests.initiatives.factories import (
    CoauthorInvitationFactory,
    CommentFactory,
    CommentReportFactory,
    InitiativeFactory,
    OfficialResponseFactory,
    PhotoFactory,
    ProgressUpdateFactory,
    StatusChangeFactory,
    jpeg_upload,
)

pytestmark = pytest.mark.django_db

S = Initiative.Status
CHANGELIST = "admin:initiatives_initiative_changelist"
REASON = "Такой же проект уже включён в программу благоустройства на 2026 год."


def assert_not_found_in_admin(response) -> None:
    """An object outside the user's admin queryset is answered as missing: a redirect to the admin index."""
    assert response.status_code == 302 and response.url == reverse("admin:index")


def _change_url(obj) -> str:
    return reverse(f"admin:initiatives_{obj._meta.model_name}_change", args=[obj.pk])


def _do_url(obj, action: str) -> str:
    return reverse(f"admin:initiatives_{obj._meta.model_name}_service_action", args=[obj.pk, action])


def _messages(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in response.context["messages"]] if response.context else []


def _follow_messages(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in response.wsgi_request._messages]


def _pdf(name: str = "answer.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")


def make_initiative(district, status: str = S.MODERATION, **kwargs) -> Initiative:
    return InitiativeFactory(status=status, microdistrict=MicrodistrictFactory(district=district), **kwargs)


def city_initiative(status: str = S.MODERATION, **kwargs) -> Initiative:
    return InitiativeFactory(status=status, scope=Scope.CITY, microdistrict=None, district=None, **kwargs)


def bulk(client, action: str, objects, **data):
    return client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [o.pk for o in objects], **data}, follow=True
    )


@pytest.fixture
def queue(district, other_district):
    """Initiatives of both districts and city-wide ones, in several statuses, plus a private draft."""
    return {
        "own": make_initiative(district, S.MODERATION),
        "own_published": make_initiative(district, S.PUBLISHED),
        "other": make_initiative(other_district, S.MODERATION),
        "city": city_initiative(S.MODERATION),
        "draft": make_initiative(district, S.DRAFT),
    }


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


def _assert_moved(initiative, to: str, actor, reason: str = "") -> None:
    initiative.refresh_from_db()
    assert initiative.status == to
    change = StatusChange.objects.filter(initiative=initiative).get()
    assert (change.to_status, change.actor, change.reason) == (to, actor, reason)


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


# --- buttons on the change page -------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("action", "status", "to", "data"),
    [
        ("publish", S.MODERATION, S.PUBLISHED, {}),
        ("request_revision", S.MODERATION, S.REVISION, {"reason": REASON}),
        ("reject", S.CONSIDERATION, S.REJECTED, {"reason": REASON}),
        ("forward", S.PUBLISHED, S.CONSIDERATION, {"reason": REASON}),
        ("accept", S.CONSIDERATION, S.ACCEPTED, {"reason": REASON}),
        ("start", S.ACCEPTED, S.IN_PROGRESS, {}),
        ("mark_implemented", S.IN_PROGRESS, S.IMPLEMENTED, {}),
    ],
)
def test_object_buttons_change_status_through_the_service(client, moderator, district, action, status, to, data):
    initiative = make_initiative(district, status)
    client.force_login(moderator)
    response = client.post(_do_url(initiative, action), data)
    assert response.status_code == 302 and response["Location"] == _change_url(initiative)
    _assert_moved(initiative, to, moderator, data.get("reason", ""))
    assert [level for level, _t in _follow_messages(response)] == [SUCCESS]
    history = LogEntry.objects.get(object_id=str(initiative.pk), content_type__model="initiative")
    assert history.user == moderator


def test_object_button_in_wrong_status_is_a_message_not_a_500(client, moderator, district):
    initiative = make_initiative(district, S.IMPLEMENTED)
    client.force_login(moderator)
    response = client.post(_do_url(initiative, "publish"), follow=True)
    assert response.status_code == 200
    assert [level for level, _t in _messages(response)] == [ERROR]
    initiative.refresh_from_db()
    assert initiative.status == S.IMPLEMENTED
    assert not StatusChange.objects.exists()


@pytest.mark.parametrize("action", ["reject", "request_revision"])
def test_object_reason_pages_require_the_reason(client, moderator, district, action):
    initiative = make_initiative(district, S.MODERATION)
    client.force_login(moderator)
    response = client.post(_do_url(initiative, action), {"reason": ""})
    assert response.status_code == 200 and response.context["form"].errors["reason"]
    initiative.refresh_from_db()
    assert initiative.status == S.MODERATION


def test_object_pages_for_best_practice_response_and_progress(client, moderator, district):
    initiative = make_initiative(district, S.IMPLEMENTED)
    client.force_login(moderator)
    assert client.post(_do_url(initiative, "mark_best_practice"), {"summary": ""}).status_code == 200
    client.post(_do_url(initiative, "mark_best_practice"), {"summary": "Как повторить: ТОС + спонсор."})
    client.post(_do_url(initiative, "add_official_response"), {"organisation": "Мэрия", "body": "Спасибо."})
    client.post(_do_url(initiative, "add_progress_update"), {"body": "Работы завершены.",
                                                             "photo_after": jpeg_upload()})
    initiative.refresh_from_db()
    assert initiative.is_best_practice and initiative.status == S.IMPLEMENTED
    assert OfficialResponse.objects.filter(initiative=initiative, author=moderator).count() == 1
    assert ProgressUpdate.objects.get(initiative=initiative).photo_after is not None


def test_object_buttons_need_post_and_csrf(district, moderator):
    initiative = make_initiative(district, S.MODERATION)
    strict = Client(enforce_csrf_checks=True)
    strict.force_login(moderator)
    assert strict.post(_do_url(initiative, "publish")).status_code == 403
    # A GET only shows the confirmation page.
    assert strict.get(_do_url(initiative, "publish")).status_code == 200
    initiative.refresh_from_db()
    assert initiative.status == S.MODERATION


# --- the change form: staff fields only -----------------------------------------------------------------


def _form_data(response) -> dict:
    form = response.context["adminform"].form
    data = {name: form[name].value() for name in form.fields if form[name].value() is not None}
    for inline in response.context["inline_admin_formsets"]:
        management = inline.formset.management_form
        for name in management.fields:
            data[f"{management.prefix}-{name}"] = management[name].value()
    return data


def test_change_form_saves_staff_fields_but_never_status(client, moderator, district):
    initiative = make_initiative(district, S.PUBLISHED, support_threshold=100)
    client.force_login(moderator)
    url = _change_url(initiative)
    form_page = client.get(url)
    fields = set(form_page.context["adminform"].form.fields)
    assert fields == {"category", "national_project", "support_threshold", "collection_deadline"}
    data = _form_data(form_page)
    new_deadline = timezone.localdate() + dt.timedelta(days=50)
    data.update(support_threshold="150", collection_deadline=new_deadline.isoformat(), status=S.IMPLEMENTED,
                title="Подменённый заголовок", support_count="100000")
    response = client.post(url, data)
    assert response.status_code == 302, response.context["adminform"].form.errors
    initiative.refresh_from_db()
    assert (initiative.support_threshold, initiative.collection_deadline) == (150, new_deadline)
    assert initiative.status == S.PUBLISHED and initiative.support_count == 0
    assert initiative.title != "Подменённый заголовок"
    assert not StatusChange.objects.exists()


def test_change_form_refuses_threshold_at_or_below_collected_support(client, moderator, district):
    initiative = make_initiative(district, S.PUBLISHED, support_threshold=100, support_count=40)
    client.force_login(moderator)
    url = _change_url(initiative)
    data = _form_data(client.get(url))
    data["support_threshold"] = "40"
    response = client.post(url, data)
    assert response.status_code == 200
    assert response.context["adminform"].form.errors["support_threshold"]
    initiative.refresh_from_db()
    assert initiative.support_threshold == 100


def test_change_form_refuses_a_past_deadline(client, moderator, district):
    initiative = make_initiative(district, S.MODERATION)
    client.force_login(moderator)
    url = _change_url(initiative)
    data = _form_data(client.get(url))
    data["collection_deadline"] = (timezone.localdate() - dt.timedelta(days=1)).isoformat()
    response = client.post(url, data)
    assert response.context["adminform"].form.errors["collection_deadline"]


def test_forwarded_to_offers_only_councils_of_the_initiatives_district(client, city_moderator, district,
                                                                       other_district):
    initiative = make_initiative(district, S.CONSIDERATION)
    own = CouncilFactory(microdistrict=initiative.microdistrict)
    foreign = CouncilFactory(microdistrict=MicrodistrictFactory(district=other_district))
    client.force_login(city_moderator)
    form = client.get(_change_url(initiative)).context["adminform"].form
    assert own in form.fields["forwarded_to"].queryset
    assert foreign not in form.fields["forwarded_to"].queryset


def test_staff_cannot_add_or_delete_initiatives(client, moderator, district):
    initiative = make_initiative(district)
    client.force_login(moderator)
    assert client.get(reverse("admin:initiatives_initiative_add")).status_code == 403
    assert client.post(reverse("admin:initiatives_initiative_delete", args=[initiative.pk]),
                       {"post": "yes"}).status_code == 403
    assert Initiative.objects.filter(pk=initiative.pk).exists()


# --- roles ----------------------------------------------------------------------------------------------


def test_manager_views_district_and_answers_but_cannot_moderate(client, district):
    user = StaffUserFactory(role="microdistrict_manager")
    initiative = make_initiative(district, S.CONSIDERATION)
    MicrodistrictManagerFactory(user=user, district=district, microdistricts=[initiative.microdistrict])
    client.force_login(user)
    page = client.get(_change_url(initiative))
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert [b["url"] for b in page.context["service_buttons"]] == [_do_url(initiative, "add_official_response")]
    actions = client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices
    names = {name for name, _label in actions}
    assert "publish" not in names and "add_official_response" in names
    assert client.post(_do_url(initiative, "accept")).status_code == 403
    client.post(_do_url(initiative, "add_official_response"), {"organisation": "Управляющий микрорайоном",
                                                               "body": "Встреча с жителями во вторник."})
    assert OfficialResponse.objects.filter(initiative=initiative, author=user).exists()
    initiative.refresh_from_db()
    assert initiative.status == S.CONSIDERATION


def test_manager_is_not_offered_an_answer_outside_his_microdistricts(client, district):
    user = StaffUserFactory(role="microdistrict_manager")
    own = make_initiative(district, S.CONSIDERATION)
    elsewhere = make_initiative(district, S.CONSIDERATION)
    MicrodistrictManagerFactory(user=user, district=district, microdistricts=[own.microdistrict])
    client.force_login(user)
    assert [b["url"] for b in client.get(_change_url(own)).context["service_buttons"]] == [
        _do_url(own, "add_official_response")
    ]
    # The same district, another microdistrict: he may read it, but no button and no form.
    page = client.get(_change_url(elsewhere))
    assert page.status_code == 200 and page.context["service_buttons"] == []
    assert client.get(_do_url(elsewhere, "add_official_response")).status_code == 403


def test_reference_data_administrators_edit_moderators_view(client, moderator):
    administrator = StaffUserFactory(role="administrator")
    rule = SupportRule.objects.first() or SupportRule.objects.create(
        scope=Scope.CITY, support_threshold=1000, collection_days=90
    )
    url = reverse("admin:initiatives_supportrule_change", args=[rule.pk])
    client.force_login(moderator)
    page = client.get(url)
    assert page.status_code == 200 and not page.context["has_change_permission"]
    assert client.get(reverse("admin:initiatives_category_add")).status_code == 403
    client.force_login(administrator)
    assert client.get(url).context["has_change_permission"]
    assert client.get(reverse("admin:initiatives_category_add")).status_code == 200


# --- CSV export -----------------------------------------------------------------------------------------


def _csv_rows(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body[1:]), delimiter=";"))


def test_csv_export_of_the_filtered_list_in_scope_without_emails(client, moderator, queue, district):
    naughty = make_initiative(district, S.PUBLISHED, title="=HYPERLINK(\"http://evil\")")
    client.force_login(moderator)
    listing = client.get(reverse(CHANGELIST))
    export_url = listing.context["export_url"]
    response = client.get(export_url)
    assert response.status_code == 200
    assert response["Content-Type"].startswith("text/csv")
    assert "attachment" in response["Content-Disposition"]
    rows = _csv_rows(response)
    assert rows[0][:3] == ["id", "название", "статус"]
    ids = {int(row[0]) for row in rows[1:]}
    assert ids == {queue["own"].pk, queue["own_published"].pk, naughty.pk}
    text = "\n".join(";".join(row) for row in rows)
    for initiative in Initiative.objects.all():
        assert initiative.author.email not in text
    assert "@" not in text
    naughty_row = next(row for row in rows[1:] if int(row[0]) == naughty.pk)
    assert naughty_row[1].startswith("'=")
    own_row = next(row for row in rows[1:] if int(row[0]) == queue["own_published"].pk)
    assert own_row[2] == "сбор поддержки" and own_row[4] == str(district)
    assert own_row[10].endswith(f"/{queue['own_published'].pk}/") or own_row[10] == ""

    filtered = _csv_rows(client.get(export_url + "?status=published"))
    assert {int(row[0]) for row in filtered[1:]} == {queue["own_published"].pk, naughty.pk}


def test_csv_export_action_on_selected_rows(client, city_moderator, queue):
    client.force_login(city_moderator)
    response = client.post(reverse(CHANGELIST), {
        "action": "export_csv", "_selected_action": [queue["other"].pk, queue["city"].pk],
    })
    rows = _csv_rows(response)
    assert {int(row[0]) for row in rows[1:]} == {queue["other"].pk, queue["city"].pk}
    city_row = next(row for row in rows[1:] if int(row[0]) == queue["city"].pk)
    assert city_row[4] == "весь город"


def test_csv_export_needs_staff(client, resident):
    client.force_login(resident)
    response = client.get(reverse("admin:initiatives_initiative_export"))
    assert response.status_code == 302 and "login" in response["Location"]


# --- comment moderation ---------------------------------------------------------------------------------


@pytest.fixture
def comments(district, other_district):
    own_initiative = make_initiative(district, S.PUBLISHED)
    reported = CommentFactory(initiative=own_initiative, is_hidden=True, awaiting_moderation=True, report_count=3)
    for _ in range(3):
        CommentReportFactory(comment=reported, reason="Оскорбления")
    return {
        "reported": reported,
        "plain": CommentFactory(initiative=own_initiative),
        "other": CommentFactory(initiative=make_initiative(other_district, S.PUBLISHED)),
        "city": CommentFactory(initiative=city_initiative(S.PUBLISHED)),
    }


def test_comment_moderation_list_is_scoped_and_filters_awaiting(client, moderator, comments):
    client.force_login(moderator)
    url = reverse("admin:initiatives_comment_changelist")
    shown = {c.pk for c in client.get(url).context["cl"].result_list}
    assert shown == {comments["reported"].pk, comments["plain"].pk}
    awaiting = client.get(url, {"awaiting_moderation__exact": "1"}).context["cl"].result_list
    assert [c.pk for c in awaiting] == [comments["reported"].pk]
    assert client.get(url, {"reports": "many"}).status_code == 200
    page = client.get(_change_url(comments["reported"]))
    assert page.status_code == 200 and "Оскорбления" in page.content.decode()
    assert_not_found_in_admin(client.get(_change_url(comments["other"])))


def test_comment_hide_requires_reason_and_restore(client, moderator, comments):
    client.force_login(moderator)
    url = reverse("admin:initiatives_comment_changelist")
    plain = comments["plain"]
    page = client.post(url, {"action": "hide_comments", "_selected_action": [plain.pk]})
    assert "reason" in page.context["form"].fields
    page = client.post(url, {"action": "hide_comments", "_selected_action": [plain.pk], "apply": "1", "reason": ""})
    assert page.context["form"].errors["reason"]
    plain.refresh_from_db()
    assert not plain.is_hidden
    client.post(url, {"action": "hide_comments", "_selected_action": [plain.pk], "apply": "1",
                      "reason": "Персональные данные соседа."})
    plain.refresh_from_db()
    assert plain.is_hidden and plain.hidden_reason == "Персональные данные соседа."
    assert plain.moderated_by == moderator and not plain.awaiting_moderation

    reported = comments["reported"]
    client.post(url, {"action": "restore_comments", "_selected_action": [reported.pk]})
    reported.refresh_from_db()
    assert not reported.is_hidden and not reported.awaiting_moderation and reported.moderated_by == moderator


def test_restoring_a_visible_comment_is_refused(client, moderator, comments):
    client.force_login(moderator)
    plain = comments["plain"]
    response = client.post(reverse("admin:initiatives_comment_changelist"),
                           {"action": "restore_comments", "_selected_action": [plain.pk]}, follow=True)
    assert [level for level, _t in _messages(response)] == [ERROR]
    plain.refresh_from_db()
    assert plain.moderated_by is None


def test_comment_buttons_and_scope(client, moderator, comments):
    client.force_login(moderator)
    client.post(_do_url(comments["plain"], "hide_comments"), {"reason": "Реклама."})
    comments["plain"].refresh_from_db()
    assert comments["plain"].is_hidden
    assert client.post(_do_url(comments["other"], "hide_comments"), {"reason": "Реклама."}).status_code == 404
    client.post(reverse("admin:initiatives_comment_changelist"), {
        "action": "hide_comments", "_selected_action": [comments["city"].pk], "apply": "1", "reason": "Реклама.",
    })
    assert not Comment.objects.get(pk=comments["city"].pk).is_hidden


def test_comments_are_not_edited_or_deleted_in_admin(client, moderator, comments):
    client.force_login(moderator)
    page = client.get(_change_url(comments["plain"]))
    assert not page.context["has_change_permission"] and not page.context["has_delete_permission"]


def test_other_users_cannot_see_comment_reports_reporters_email(client, moderator, comments):
    client.force_login(moderator)
    page = client.get(_change_url(comments["reported"])).content.decode()
    for report in comments["reported"].reports.select_related("reporter"):
        assert report.reporter.email not in page
        assert report.reporter.public_name in page


def test_resident_cannot_reach_comment_moderation(client):
    client.force_login(UserFactory())
    response = client.get(reverse("admin:initiatives_comment_changelist"))
    assert response.status_code == 302

