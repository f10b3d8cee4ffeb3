"""The forum's part in the 152-FZ data export and in account deletion."""

from __future__ import annotations

import pytest

from accounts.personal_data import export_user_data
from accounts.services import user_anonymise
from forum.models import ForumEdition, Registration
from tests.factories import UserFactory

from .factories import ForumEditionFactory, SectionFactory, register

pytestmark = pytest.mark.django_db


def test_export_lists_my_registrations(resident):
    edition = ForumEditionFactory()
    section = SectionFactory(edition=edition)
    registration = register(edition, resident, [section], full_name="Иванова Мария", organisation="ТОС «Фёдоровка»")
    register(edition, UserFactory(), full_name="Чужой Участник")
    data = export_user_data(resident)["forum_registrations"]
    assert data == [{
        "year": edition.year, "full_name": "Иванова Мария", "organisation": "ТОС «Фёдоровка»",
        "participant_type": "житель", "status": "участие подтверждено", "checkin_code": registration.display_code,
        "sections": [section.title], "registered_at": registration.created_at.isoformat(),
        "consent_given_at": registration.consent_given_at.isoformat(),
    }]


def test_deleting_the_account_frees_upcoming_seats_and_blanks_names(resident):
    upcoming = ForumEditionFactory(capacity=1)
    past = ForumEditionFactory()
    mine = register(upcoming, resident, full_name="Иванова Мария")
    attended = register(past, resident, full_name="Иванова Мария")
    Registration.objects.filter(pk=attended.pk).update(status=Registration.Status.ATTENDED)
    ForumEdition.objects.filter(pk=past.pk).update(status=ForumEdition.Status.HELD)
    waiting = register(upcoming, UserFactory())

    user_anonymise(user=resident)

    mine.refresh_from_db()
    attended.refresh_from_db()
    waiting.refresh_from_db()
    assert mine.status == Registration.Status.CANCELLED
    assert waiting.status == Registration.Status.CONFIRMED
    # The past forum's attendance stays counted, without the name.
    assert attended.status == Registration.Status.ATTENDED
    assert (mine.full_name, attended.full_name, attended.organisation) == ("", "", "")
