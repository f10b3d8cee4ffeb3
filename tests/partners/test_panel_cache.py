"""The partners' panel and timeline entries on an initiative's page come from the cache until they change.

Fragments (and the generations in the default cache) are real local-memory caches here: the
test settings turn fragments off elsewhere. Generations move after the commit, so each change
runs inside `django_capture_on_commit_callbacks(execute=True)`, as a request's transaction would.
"""

from __future__ import annotations

import pytest
from django.core.cache import caches
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone

from partners import selectors
from partners.models import Pledge, ProgrammeApplication
from partners.personal_data import erase_partner_data
from partners.services import pledges, programmes
from partners.services.actor import PartnerActor
from partners.services.organisations import member_add, member_remove, partner_verify
from tests.factories import UserFactory

from .factories import ApplicationFactory, PledgeFactory, ProgrammeFactory

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _caches_on(local_caches):
    return local_caches


def page(client, initiative) -> tuple[str, int]:
    """The page's HTML and how many of its queries read partners' tables."""
    with CaptureQueriesContext(connection) as captured:
        response = client.get(initiative.get_absolute_url())
    assert response.status_code == 200
    return response.content.decode(), sum('"partners_' in query["sql"] for query in captured.captured_queries)


def test_second_view_runs_no_partners_query(client, resident, partner_a, initiative):
    PledgeFactory(partner=partner_a, initiative=initiative, message="Оплатим скамейки")
    ApplicationFactory(initiative=initiative, status="accepted", reason="Готово к реализации",
                       decided_at=timezone.now())
    client.force_login(resident)
    html, first = page(client, initiative)
    assert "Оплатим скамейки" in html and "Готово к реализации" in html
    assert first >= 2
    html, second = page(client, initiative)
    assert "Оплатим скамейки" in html and "Готово к реализации" in html
    assert second == 0


def test_group_member_reads_open_programmes_from_the_cache_too(client, partner_a, initiative):
    programme = ProgrammeFactory(partner=partner_a, title="Конкурс «Светлый двор»")
    client.force_login(initiative.author)
    page(client, initiative)
    html, second = page(client, initiative)
    assert f"/apply/{programme.slug}/" in html
    assert second == 0


def test_pledges_offered_accepted_and_declined_show_on_the_next_request(
    client, resident, partner_a, partner_b, initiative, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    assert partner_a.name not in page(client, initiative)[0]

    with django_capture_on_commit_callbacks(execute=True):
        offered = pledges.pledge_create(PartnerActor(partner_a), initiative, kind="money", amount=1000,
                                        message="Оплатим скамейки")
    assert "Оплатим скамейки" in page(client, initiative)[0]

    with django_capture_on_commit_callbacks(execute=True):
        pledges.pledge_accept(offered, user=initiative.author)
    assert "Принята поддержка" in page(client, initiative)[0]  # on the public timeline

    with django_capture_on_commit_callbacks(execute=True):
        declined = pledges.pledge_create(PartnerActor(partner_b), initiative, kind="expertise",
                                         message="Проведём экспертизу")
    assert "Проведём экспертизу" in page(client, initiative)[0]
    with django_capture_on_commit_callbacks(execute=True):
        pledges.pledge_decline(declined, user=initiative.author, reason="Не нужно")
    assert "Проведём экспертизу" not in page(client, initiative)[0]


def test_the_cache_moves_after_the_commit_not_before(
    client, resident, partner_a, initiative, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    page(client, initiative)
    with django_capture_on_commit_callbacks() as callbacks:
        pledges.pledge_create(PartnerActor(partner_a), initiative, kind="money", amount=1000,
                              message="Оплатим скамейки")
        # A reader before the commit keeps the old rows under the old generation.
        assert "Оплатим скамейки" not in page(client, initiative)[0]
    for callback in callbacks:
        callback()
    assert "Оплатим скамейки" in page(client, initiative)[0]


def test_a_programme_decision_shows_on_the_next_request(
    client, resident, partner_a, initiative, django_capture_on_commit_callbacks
):
    application = ApplicationFactory(initiative=initiative, programme__partner=partner_a,
                                     programme__title="Конкурс «Светлый двор»")
    client.force_login(resident)
    html, _ = page(client, initiative)
    assert "Конкурс «Светлый двор»" in html and "принята" not in html.split('id="programmes"')[1]

    with django_capture_on_commit_callbacks(execute=True):
        programmes.application_decide(application, PartnerActor(partner_a), accept=True,
                                      reason="Проект готов к реализации")
    html, _ = page(client, initiative)
    assert "Проект готов к реализации" in html
    assert "Заявка в программу «Конкурс «Светлый двор»» принята" in html


def test_a_partner_losing_verification_or_a_renamed_programme_show_on_the_next_request(
    client, resident, partner_a, partner_b, initiative, django_capture_on_commit_callbacks
):
    PledgeFactory(partner=partner_a, initiative=initiative)
    programme = ProgrammeFactory(partner=partner_b, title="Конкурс «Светлый двор»")
    ApplicationFactory(initiative=initiative, programme=programme)
    client.force_login(resident)
    html, _ = page(client, initiative)
    assert partner_a.name in html and "Конкурс «Светлый двор»" in html

    with django_capture_on_commit_callbacks(execute=True):
        partner_verify(partner_a, verified=False)
    assert partner_a.name not in page(client, initiative)[0]

    with django_capture_on_commit_callbacks(execute=True):
        programme.title = "Конкурс «Зелёный двор»"
        programme.save()
    html, _ = page(client, initiative)
    assert "Конкурс «Зелёный двор»" in html and "Конкурс «Светлый двор»" not in html

    with django_capture_on_commit_callbacks(execute=True):
        partner_verify(partner_b, verified=False)
    assert "Конкурс «Зелёный двор»" not in page(client, initiative)[0]


def test_the_group_still_sees_its_declined_and_withdrawn_offers_and_open_programmes(
    client, resident, partner_a, partner_b, initiative, django_capture_on_commit_callbacks
):
    PledgeFactory(partner=partner_a, initiative=initiative, status=Pledge.Status.DECLINED,
                  message="Отклонённое предложение")
    PledgeFactory(partner=partner_b, initiative=initiative, status=Pledge.Status.WITHDRAWN,
                  message="Отозванное предложение")
    programme = ProgrammeFactory(partner=partner_a, title="Конкурс «Светлый двор»")

    client.force_login(resident)
    page(client, initiative)
    html, _ = page(client, initiative)
    assert "Отклонённое предложение" not in html and "Отозванное предложение" not in html
    assert f"/apply/{programme.slug}/" not in html

    client.force_login(initiative.author)
    html, _ = page(client, initiative)
    assert "Отклонённое предложение" in html and "Отозванное предложение" in html
    assert f"/apply/{programme.slug}/" in html

    with django_capture_on_commit_callbacks(execute=True):
        programmes.application_submit(programme, initiative, user=initiative.author, message="Просим")
    html, _ = page(client, initiative)
    assert f"/apply/{programme.slug}/" not in html  # applied: no longer offered
    assert str(ProgrammeApplication.Status.SUBMITTED.label) in html.split('id="programmes"')[1]

    with django_capture_on_commit_callbacks(execute=True):
        programme.status = programme.Status.CLOSED
        programme.save()
        other = ProgrammeFactory(partner=partner_b, title="Программа «Молодёжь»")
    html, _ = page(client, initiative)
    assert f"/apply/{other.slug}/" in html


def test_a_new_member_gets_the_pledge_form_and_a_removed_one_loses_it(
    client, resident, partner_a, initiative, django_capture_on_commit_callbacks
):
    client.force_login(resident)
    assert "Предложить поддержку" not in page(client, initiative)[0]
    assert page(client, initiative)[1] == 0  # not a member: not even the membership is read

    with django_capture_on_commit_callbacks(execute=True):
        member = member_add(partner_a, resident)
    assert "Предложить поддержку" in page(client, initiative)[0]

    with django_capture_on_commit_callbacks(execute=True):
        member_remove(member)
    resident.refresh_from_db()
    client.force_login(resident)
    assert "Предложить поддержку" not in page(client, initiative)[0]


def test_erasing_a_person_forgets_the_cached_rows_that_named_them(
    partner_a, initiative, django_capture_on_commit_callbacks
):
    member = UserFactory()
    PledgeFactory(partner=partner_a, initiative=initiative, created_by=member)
    ApplicationFactory(initiative=initiative, decided_by=member, status="accepted", decided_at=timezone.now())
    rows = selectors.initiative_rows(type(initiative).objects.get(pk=initiative.pk))
    assert [p.created_by_id for p in rows.pledges] == [member.pk]

    with django_capture_on_commit_callbacks(execute=True):
        erase_partner_data(member)  # queryset updates: no signals
    rows = selectors.initiative_rows(type(initiative).objects.get(pk=initiative.pk))
    assert [p.created_by_id for p in rows.pledges] == [None]
    assert [a.decided_by_id for a in rows.applications] == [None]


def test_cached_rows_do_not_carry_the_initiative(partner_a, initiative):
    PledgeFactory(partner=partner_a, initiative=initiative)
    ApplicationFactory(initiative=initiative)
    fresh = type(initiative).objects.get(pk=initiative.pk)
    selectors.initiative_rows(fresh)
    stored = [value for key, value in caches["fragments"]._cache.items() if "initiative-partners" in key]
    assert len(stored) == 1
    assert initiative.description.encode() not in stored[0]  # pickled without the initiative's row
    rows = selectors.initiative_rows(type(initiative).objects.get(pk=initiative.pk))
    assert rows.pledges[0].partner.name == partner_a.name
    assert rows.applications[0].programme.partner.name
