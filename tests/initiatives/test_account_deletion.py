"""Deleting an account (152-FZ): what only the author had and never published goes; the rest is unnamed."""

from __future__ import annotations

import pytest
from django.contrib.admin.models import CHANGE, LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.files.base import ContentFile

from accounts.models import User
from accounts.services import user_anonymise
from initiatives.models import CoauthorInvitation, Initiative, InitiativeDocument
from initiatives.services import comment_add
from initiatives.services.transitions import initiative_publish
from notifications.models import Event, Notification
from notifications.services import expand_event
from tests.factories import UserFactory

from .factories import CoauthorInvitationFactory, InitiativeFactory, PhotoFactory, add_coauthor

pytestmark = pytest.mark.django_db
S = Initiative.Status


def _with_files(initiative: Initiative) -> list:
    photo = PhotoFactory(initiative=initiative)
    document = InitiativeDocument.objects.create(
        initiative=initiative, title="Смета", file=ContentFile(b"%PDF-1.4", name="d.pdf"),
        uploaded_by=initiative.author,
    )
    return [photo.image, photo.thumbnail, document.file]


@pytest.mark.parametrize("status, published", [
    (S.DRAFT, False), (S.MODERATION, False), (S.REVISION, False), (S.REJECTED, False), (S.WITHDRAWN, False),
])
def test_never_public_initiative_of_a_sole_author_is_removed_with_files_and_invitations(
    resident, status, published, django_capture_on_commit_callbacks
):
    initiative = InitiativeFactory(author=resident, status=status, published_at=None)
    files = _with_files(initiative)
    CoauthorInvitationFactory(initiative=initiative, accepted=False, email="friend@example.org")
    with django_capture_on_commit_callbacks(execute=True):
        user_anonymise(user=resident)
    assert not Initiative.objects.filter(pk=initiative.pk).exists()
    assert not CoauthorInvitation.objects.filter(email="friend@example.org").exists()
    assert not Event.objects.filter(payload__initiative_id=initiative.pk).exists()
    for f in files:
        assert not f.storage.exists(f.name)


def test_moderator_can_no_longer_publish_the_deleted_authors_initiative(resident, moderator, district):
    initiative = InitiativeFactory(author=resident, status=S.MODERATION, published_at=None)
    stale = Initiative.objects.get(pk=initiative.pk)
    user_anonymise(user=resident)
    with pytest.raises(Initiative.DoesNotExist):
        initiative_publish(stale, actor=moderator)


def test_published_initiative_stays_with_its_files_and_no_name(resident, django_capture_on_commit_callbacks):
    initiative = InitiativeFactory(author=resident, status=S.PUBLISHED)
    files = _with_files(initiative)
    with django_capture_on_commit_callbacks(execute=True):
        user_anonymise(user=resident)
    initiative.refresh_from_db()
    assert initiative.author.public_name == "Удалённый пользователь"
    assert all(f.storage.exists(f.name) for f in files)


def test_withdrawn_after_publication_was_public_and_stays(resident):
    initiative = InitiativeFactory(author=resident, status=S.WITHDRAWN, published_at="2026-01-10T10:00:00Z")
    user_anonymise(user=resident)
    assert Initiative.objects.filter(pk=initiative.pk).exists()


def test_group_initiative_passes_to_the_first_coauthor(resident):
    initiative = InitiativeFactory(author=resident, status=S.REVISION, published_at=None)
    coauthor = add_coauthor(initiative)
    user_anonymise(user=resident)
    initiative.refresh_from_db()
    assert initiative.author == coauthor
    assert not initiative.invitations.filter(user=coauthor).exists()


def test_names_and_quotes_leave_event_payloads_and_delivery_errors(resident, django_capture_on_commit_callbacks):
    resident.display_name = "Анна Кузнецова"
    resident.save()
    reader = UserFactory()
    initiative = InitiativeFactory(status=S.PUBLISHED)
    initiative.follows.create(user=reader)
    comment = comment_add(initiative, author=resident, body="Живу в доме 12, кв. 40, звоните.")
    event = Event.objects.get(kind="comment_new", actor=resident)
    expand_event(event.pk)
    Notification.objects.update(email_error=f"550 mailbox {resident.email} unavailable")
    invite_event = Event.objects.create(
        kind="coauthor_invitation", actor=resident, payload={"inviter_name": "Анна Кузнецова", "title": "t"}
    )

    user_anonymise(user=resident)

    event.refresh_from_db()
    assert event.payload["author_name"] == "Удалённый пользователь"
    assert "excerpt" not in event.payload
    assert "кв. 40" not in str(event.payload) and "Кузнецова" not in str(event.payload)
    invite_event.refresh_from_db()
    assert "Кузнецова" not in str(invite_event.payload)
    assert not Notification.objects.filter(email_error__contains="@").exists()
    comment.refresh_from_db()
    assert comment.body  # the public comment stays, unnamed


def test_admin_history_forgets_the_name(resident, superuser):
    resident.display_name = "Анна Кузнецова"
    resident.save()
    LogEntry.objects.create(
        user=superuser, content_type=ContentType.objects.get_for_model(User), object_id=str(resident.pk),
        object_repr=str(resident), action_flag=CHANGE,
        change_message=f'[{{"changed": {{"name": "consent", "object": "{resident.email} Анна Кузнецова"}}}}]',
    )
    user_anonymise(user=resident)
    entry = LogEntry.objects.get()
    assert "Кузнецова" not in entry.object_repr and "Кузнецова" not in entry.change_message
    assert resident.email not in entry.change_message


def test_invitations_received_lose_the_address_and_pending_ones_are_withdrawn(resident):
    others_draft = InitiativeFactory(status=S.DRAFT, published_at=None)
    others_public = InitiativeFactory(status=S.PUBLISHED)
    pending = CoauthorInvitationFactory(initiative=others_draft, accepted=False, email=resident.email.upper())
    accepted = CoauthorInvitationFactory(initiative=others_public, user=resident)
    address = resident.email
    user_anonymise(user=resident)
    pending.refresh_from_db()
    accepted.refresh_from_db()
    assert pending.status == CoauthorInvitation.Status.REVOKED
    assert not CoauthorInvitation.objects.filter(email__iexact=address).exists()
    assert pending.email.endswith("@deleted.invalid") and accepted.email.endswith("@deleted.invalid")
    assert Initiative.objects.filter(pk__in=[others_draft.pk, others_public.pk]).count() == 2


def test_admin_history_forgets_the_removed_drafts_title(resident, superuser):
    initiative = InitiativeFactory(author=resident, status=S.MODERATION, published_at=None,
                                   title="Скамейка у моего дома на Мира, 5")
    LogEntry.objects.create(
        user=superuser, content_type=ContentType.objects.get_for_model(Initiative), object_id=str(initiative.pk),
        object_repr=str(initiative), action_flag=CHANGE, change_message="[]",
    )
    user_anonymise(user=resident)
    assert "Мира, 5" not in LogEntry.objects.get().object_repr
