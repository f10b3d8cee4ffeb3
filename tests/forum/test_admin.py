"""Forum admin: every page loads; actions go through the services; the CSV keeps contacts for administrators."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from django.apps import apps
from django.core import mail
from django.test import Client
from django.urls import reverse
from django.utils import timezone

from forum.demo import load_forum_demo
from forum.models import ForumEdition, ProgressReport, Registration, ResolutionItem, Section, Topic
from tests.factories import UserFactory

from .factories import ForumEditionFactory, ResolutionItemFactory, SectionFactory, TopicFactory, register

pytestmark = pytest.mark.django_db


def admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


def logged_in(user) -> Client:
    client = Client()
    client.force_login(user)
    return client


def action(client: Client, model, name: str, objects, **extra):
    data = {"action": name, "_selected_action": [o.pk for o in objects], **extra}
    return client.post(admin_url(model, "changelist"), data, follow=True)


@pytest.mark.parametrize("who", ["administrator", "forum_moderator"])
def test_every_forum_admin_page_loads(who, request):
    load_forum_demo()
    edition = ForumEdition.objects.get(year=2026)
    register(edition, UserFactory(), edition.sections.filter(capacity__isnull=False)[:1])
    TopicFactory(edition=edition)
    client = logged_in(request.getfixturevalue(who))
    for model in apps.get_app_config("forum").get_models():
        if model._meta.model_name in {"sectionregistration", "topicsupport"}:
            continue  # edited only inside their parents
        changelist = client.get(admin_url(model, "changelist"))
        assert changelist.status_code == 200, model
        obj = model.objects.first()
        assert client.get(admin_url(model, "change", obj.pk)).status_code == 200, model


def test_resident_has_no_admin(resident):
    response = logged_in(resident).get(admin_url(Registration, "changelist"))
    assert response.status_code == 302


def test_copy_edition_to_next_year(forum_moderator):
    edition = ForumEditionFactory(year=2060, status=ForumEdition.Status.HELD)
    section = SectionFactory(edition=edition, capacity=40, room="Конференц-зал")
    register_edition = ForumEditionFactory(year=2070)
    register(register_edition, UserFactory())
    client = logged_in(forum_moderator)

    response = action(client, ForumEdition, "copy_to_next_year", [edition])
    assert "Создан форум 2061 года" in response.content.decode()
    copy = ForumEdition.objects.get(year=2061)
    assert copy.status == ForumEdition.Status.ANNOUNCED
    assert timezone.localtime(copy.starts_at) == timezone.localtime(edition.starts_at).replace(year=2061)
    copied = copy.sections.get()
    assert (copied.title, copied.room, copied.capacity) == (section.title, "Конференц-зал", 40)
    assert timezone.localtime(copied.starts_at).replace(year=2060) == timezone.localtime(section.starts_at)
    assert not Registration.objects.filter(edition=copy).exists()

    again = action(client, ForumEdition, "copy_to_next_year", [edition])
    assert "Форум 2061 года уже существует" in again.content.decode()
    assert ForumEdition.objects.filter(year=2061).count() == 1


def test_mark_attended_action(forum_moderator):
    edition = ForumEditionFactory(capacity=1)
    present = register(edition, UserFactory())
    waiting = register(edition, UserFactory())
    response = action(logged_in(forum_moderator), Registration, "mark_attended", [present, waiting])
    page = response.content.decode()
    assert "Отмечено участников: 1" in page
    assert "лист ожидания" in page
    present.refresh_from_db()
    waiting.refresh_from_db()
    assert present.status == Registration.Status.ATTENDED
    assert waiting.status == Registration.Status.WAITLISTED


def test_cancel_action_promotes_the_waitlist(forum_moderator, django_capture_on_commit_callbacks):
    edition = ForumEditionFactory(capacity=1)
    holder = register(edition, UserFactory())
    waiting = register(edition, UserFactory())
    mail.outbox.clear()
    with django_capture_on_commit_callbacks(execute=True):
        action(logged_in(forum_moderator), Registration, "cancel_registrations", [holder])
    waiting.refresh_from_db()
    assert waiting.status == Registration.Status.CONFIRMED
    assert [m.to for m in mail.outbox] == [[waiting.user.email]]


def test_moderator_cannot_delete_registrations(forum_moderator, administrator):
    edition = ForumEditionFactory()
    registration = register(edition, UserFactory())
    for user in (forum_moderator, administrator):
        client = logged_in(user)
        assert client.get(admin_url(Registration, "delete", registration.pk)).status_code == 403
        page = client.get(admin_url(Registration, "changelist")).content.decode()
        assert 'value="delete_selected"' not in page


def read_csv(response) -> list[list[str]]:
    body = b"".join(response.streaming_content).decode("utf-8")
    assert body.startswith("\ufeff")
    return list(csv.reader(io.StringIO(body.lstrip("\ufeff")), delimiter=";"))


@pytest.fixture
def participants():
    edition = ForumEditionFactory(capacity=10)
    section = SectionFactory(edition=edition, title="Национальные проекты на территории города")
    user = UserFactory(email="anna@example.org", phone="+7 927 000-00-01")
    registration = register(edition, user, [section], full_name="=HYPERLINK(\"x\")", organisation="ТОС «Шлюзовой»")
    return edition, section, registration


def test_csv_for_moderator_has_no_contacts(forum_moderator, participants):
    _edition, section, registration = participants
    response = logged_in(forum_moderator).get(reverse("admin:forum_registration_export"))
    rows = read_csv(response)
    assert rows[0] == ["ФИО", "организация", "кого представляет", "статус", "площадки", "код"]
    assert rows[1][0] == "'=HYPERLINK(\"x\")"  # formula neutralised
    assert rows[1][1:] == ["ТОС «Шлюзовой»", "житель", "участие подтверждено", section.title,
                           registration.display_code]
    assert "anna@example.org" not in str(rows)


def test_csv_for_administrator_has_contacts(administrator, participants):
    response = action(logged_in(administrator), Registration, "export_selected_csv", [participants[2]])
    rows = read_csv(response)
    assert rows[0][-2:] == ["e-mail", "телефон"]
    # A leading «+» is neutralised like any formula start; the number itself is intact.
    assert rows[1][-2:] == ["anna@example.org", "'+7 927 000-00-01"]


def test_contacts_on_the_change_page_only_for_administrator(forum_moderator, administrator, participants):
    url = admin_url(Registration, "change", participants[2].pk)
    assert "anna@example.org" not in logged_in(forum_moderator).get(url).content.decode()
    assert "anna@example.org" in logged_in(administrator).get(url).content.decode()


def test_registration_filters(forum_moderator, participants):
    edition, section, registration = participants
    other = register(edition, UserFactory(), full_name="Сидоров Пётр")
    client = logged_in(forum_moderator)
    page = client.get(admin_url(Registration, "changelist"), {"section": section.pk}).content.decode()
    assert registration.display_code in page and other.display_code not in page
    page = client.get(admin_url(Registration, "changelist"), {"status__exact": "confirmed", "participant_type__exact":
                                                              "resident"}).content.decode()
    assert other.display_code in page
    export = read_csv(client.get(reverse("admin:forum_registration_export"), {"section": section.pk}))
    assert len(export) == 2


def test_include_topic_in_programme_with_a_section(forum_moderator):
    edition = ForumEditionFactory()
    topic = TopicFactory(edition=edition, title="Парковки во дворах")
    declined = TopicFactory(edition=edition)
    client = logged_in(forum_moderator)
    action(client, Topic, "include_as_section", [topic])
    action(client, Topic, "decline", [declined])
    topic.refresh_from_db()
    declined.refresh_from_db()
    assert topic.status == Topic.Status.SELECTED
    assert topic.section.edition == edition and topic.section.title == "Парковки во дворах"
    assert declined.status == Topic.Status.DECLINED
    assert Section.objects.filter(edition=edition).count() == 1


def test_report_added_in_admin_moves_the_item(forum_moderator):
    item = ResolutionItemFactory(progress_percent=10)
    client = logged_in(forum_moderator)
    response = client.post(admin_url(ProgressReport, "add"), {
        "item": item.pk, "reported_on": "2026-02-01", "text": "Принято постановление.", "evidence_url": "",
        "new_status": "in_progress", "new_percent": "70",
    })
    assert response.status_code == 302
    item.refresh_from_db()
    assert item.progress_percent == 70
    report = ProgressReport.objects.get()
    assert report.author == forum_moderator


def test_report_inline_on_item_goes_through_the_service(forum_moderator):
    item = ResolutionItemFactory(progress_percent=10, status=ResolutionItem.Status.IN_PROGRESS)
    client = logged_in(forum_moderator)
    prefix = "reports"
    data = {
        "resolution": item.resolution.pk, "number": item.number, "kind": item.kind, "text": item.text,
        "status": item.status, "progress_percent": item.progress_percent, "deadline": "",
        "responsible_organisations": "", "initiatives": "", "next_edition": "",
        f"{prefix}-TOTAL_FORMS": "1", f"{prefix}-INITIAL_FORMS": "0", f"{prefix}-MIN_NUM_FORMS": "0",
        f"{prefix}-MAX_NUM_FORMS": "1000",
        f"{prefix}-0-reported_on": dt.date(2026, 3, 1).isoformat(), f"{prefix}-0-text": "Выполнено.",
        f"{prefix}-0-new_status": "done", f"{prefix}-0-new_percent": "",
    }
    response = client.post(admin_url(ResolutionItem, "change", item.pk), data)
    assert response.status_code == 302, response.context["adminform"].form.errors if response.context else ""
    item.refresh_from_db()
    assert (item.status, item.progress_percent) == ("done", 100)
    assert ProgressReport.objects.get().author == forum_moderator


def test_speaker_photo_must_be_a_real_image():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    from forum.models import Speaker

    speaker = Speaker(name="Иванова Мария Петровна")
    speaker.photo = SimpleUploadedFile("photo.jpg", b"not an image", content_type="image/jpeg")
    with pytest.raises(ValidationError):
        speaker.full_clean()
