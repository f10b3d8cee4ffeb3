import pytest

from core.demo import DemoRun
from notifications.models import Event
from partners.demo import load_partners_demo
from partners.models import PartnerOrganization, Pledge, Programme, ProgrammeApplication
from tests.factories import UserFactory
from tests.initiatives.factories import InitiativeFactory

pytestmark = pytest.mark.django_db


def _run() -> DemoRun:
    return DemoRun(with_users=True, password="x", password_from_env=False, scale="demo", verbosity=0, stdout=None)


def test_demo_partners_with_pledges_in_every_status_and_two_programmes_idempotent():
    InitiativeFactory.create_batch(4)
    member = UserFactory(email="partner@demo.tolyatti.local")
    load_partners_demo(_run())
    assert PartnerOrganization.objects.verified().count() == 4
    assert set(Pledge.objects.values_list("status", flat=True)) == set(Pledge.Status.values)
    assert Programme.objects.count() == 2
    assert set(ProgrammeApplication.objects.values_list("status", flat=True)) == {"submitted", "accepted", "rejected"}
    assert member.partner_membership.partner.slug == "dobryi-tolyatti"
    assert not Event.objects.exists()  # a demo load mails nobody
    counts = (Pledge.objects.count(), ProgrammeApplication.objects.count())
    load_partners_demo(_run())
    assert (Pledge.objects.count(), ProgrammeApplication.objects.count()) == counts
