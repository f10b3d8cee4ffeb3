"""Initiatives admin: object buttons, the staff-only change form, roles, CSV export, comment moderation."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.contrib.admin.models import LogEntry
from django.contrib.messages import ERROR, SUCCESS
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from initiatives.models import (
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
    CommentFactory,
    CommentReportFactory,
    jpeg_upload,
)

from .admin_helpers import (
    CHANGELIST,
    REASON,
    S,
    _assert_moved,
    _change_url,
    _do_url,
    _follow_messages,
    _messages,
    assert_not_found_in_admin,
    bulk,
    city_initiative,
    make_initiative,
)

pytestmark = pytest.mark.django_db


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
    # He answers from the initiative's page; the list's bulk action would include rows he may not answer.
    assert "publish" not in names and "add_official_response" not in names
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


def _bulk_action_names(client) -> set[str]:
    return {name for name, _label in client.get(reverse(CHANGELIST)).context["action_form"].fields["action"].choices}


@pytest.mark.parametrize(("role", "offered"), [
    ("microdistrict_manager", False), ("moderator", True), ("administrator", True),
])
def test_bulk_answer_is_offered_only_to_those_who_may_answer_every_row_they_see(client, district, role, offered):
    user = StaffUserFactory(role=role)
    own = make_initiative(district, S.CONSIDERATION)
    make_initiative(district, S.CONSIDERATION)  # another microdistrict of the same district
    if role == "microdistrict_manager":
        MicrodistrictManagerFactory(user=user, district=district, microdistricts=[own.microdistrict])
    client.force_login(user)
    names = _bulk_action_names(client)
    assert ("add_official_response" in names) is offered
    assert ("add_progress_update" in names) is offered
    assert "export_csv" in names
    # The per-object button stays where he may answer.
    assert _do_url(own, "add_official_response") in [
        b["url"] for b in client.get(_change_url(own)).context["service_buttons"]
    ]


def test_manager_posting_the_bulk_answer_anyway_changes_nothing(client, district):
    user = StaffUserFactory(role="microdistrict_manager")
    own = make_initiative(district, S.CONSIDERATION)
    elsewhere = make_initiative(district, S.CONSIDERATION)
    MicrodistrictManagerFactory(user=user, district=district, microdistricts=[own.microdistrict])
    client.force_login(user)
    response = bulk(client, "add_official_response", [own, elsewhere], apply="1", organisation="Управляющий",
                    body="Ответ.")
    assert response.status_code == 200
    assert not OfficialResponse.objects.exists()
