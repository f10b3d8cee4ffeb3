"""Rules found in review: rejections at moderation stay private; unsubmitted withdrawals stay the
group's; managers read only public initiatives in the admin; a revoked co-author stops hearing news."""

from __future__ import annotations

import pytest
from django.urls import reverse
from django.utils import timezone

from initiatives import services
from initiatives.models import Follow, Initiative
from tests.factories import MicrodistrictManagerFactory, StaffUserFactory, UserFactory

S = Initiative.Status
pytestmark = pytest.mark.django_db


def test_rejected_at_moderation_is_private_but_rejected_after_publication_is_public(make_initiative, login, author):
    never_published = make_initiative(title="Фонтан, не прошедший модерацию", status=S.REJECTED, published_at=None)
    after_collection = make_initiative(title="Отклонена после сбора", status=S.REJECTED, published_at=timezone.now())
    anonymous = login(None)
    assert anonymous.get(reverse("initiatives:detail", args=[never_published.pk])).status_code == 404
    assert anonymous.get(reverse("initiatives:detail", args=[after_collection.pk])).status_code == 200
    listing = anonymous.get(reverse("initiatives:list"), {"status": "rejected"}).content.decode()
    assert "Отклонена после сбора" in listing and "не прошедший модерацию" not in listing
    assert "не прошедший модерацию" not in anonymous.get(reverse("initiatives:map_data")).content.decode()
    assert login(author).get(reverse("initiatives:detail", args=[never_published.pk])).status_code == 200


def test_draft_withdrawn_before_submission_is_not_shown_to_moderators(make_initiative, login, moderator):
    unsubmitted = make_initiative(title="Передумали", status=S.WITHDRAWN, published_at=None, submitted_at=None)
    submitted = make_initiative(title="Отозвана с модерации", status=S.WITHDRAWN, submitted_at=timezone.now())
    client = login(moderator)
    assert client.get(reverse("initiatives:detail", args=[unsubmitted.pk])).status_code == 404
    assert client.get(reverse("initiatives:detail", args=[submitted.pk])).status_code == 200
    queue = client.get(reverse("admin:initiatives_initiative_changelist"))
    shown = {i.pk for i in queue.context["cl"].result_list}
    assert submitted.pk in shown and unsubmitted.pk not in shown


def test_manager_reads_only_public_initiatives_in_the_admin(make_initiative, login, district, microdistrict):
    user = StaffUserFactory(role="microdistrict_manager")
    MicrodistrictManagerFactory(user=user, district=district, microdistricts=[microdistrict])
    in_moderation = make_initiative(title="Ещё на модерации", status=S.MODERATION)
    published = make_initiative(title="Собирает поддержку", status=S.PUBLISHED)
    client = login(user)
    changelist = client.get(reverse("admin:initiatives_initiative_changelist"))
    shown = {i.pk for i in changelist.context["cl"].result_list}
    assert published.pk in shown and in_moderation.pk not in shown
    change = client.get(reverse("admin:initiatives_initiative_change", args=[in_moderation.pk]))
    # The admin answers an object outside the user's queryset as «does not exist»: back to the index.
    assert change.status_code == 302 and change.url == reverse("admin:index")


def test_revoked_coauthor_of_an_unpublished_initiative_stops_following(make_initiative, author, coauthor):
    initiative = make_initiative(status=S.MODERATION)
    Follow.objects.create(initiative=initiative, user=coauthor)
    invitation = initiative.invitations.get(user=coauthor)
    services.invitation_revoke(invitation, actor=author)
    assert not Follow.objects.filter(initiative=initiative, user=coauthor).exists()


def test_deleting_an_account_scrubs_invitation_addresses_from_the_outbox(
    make_initiative, author, django_capture_on_commit_callbacks
):
    from accounts.services import user_anonymise
    from notifications.models import Event, Notification

    draft = make_initiative(status=S.DRAFT, with_coauthor=False)
    with django_capture_on_commit_callbacks(execute=True):
        services.invitation_create(draft, actor=author, email="later.resident@example.org")
    invitee = UserFactory(email="later.resident@example.org")
    user_anonymise(user=invitee)
    assert not Notification.objects.filter(email__iexact="later.resident@example.org").exists()
    assert all("later.resident@example.org" not in e.payload.get("emails", []) for e in Event.objects.all())
