"""Admin: every registered model loads for a superuser; moderators stay inside their district."""

from __future__ import annotations

import pytest
from django.contrib import admin
from django.urls import reverse

from councils.models import Council, Microdistrict
from tests.factories import (
    BuildingFactory,
    CouncilFactory,
    CouncilMeetingFactory,
    CouncilMemberFactory,
    MicrodistrictFactory,
    MicrodistrictManagerFactory,
    PersonalDataConsentFactory,
    StaffUserFactory,
    TOSFactory,
)

pytestmark = pytest.mark.django_db


def _admin_url(model, view: str, *args) -> str:
    return reverse(f"admin:{model._meta.app_label}_{model._meta.model_name}_{view}", args=args)


@pytest.fixture
def registry(district, other_district):
    own_md = MicrodistrictFactory(district=district)
    other_md = MicrodistrictFactory(district=other_district)
    own_council = CouncilFactory(microdistrict=own_md)
    other_council = CouncilFactory(microdistrict=other_md)
    CouncilMemberFactory(council=own_council)
    CouncilMemberFactory(council=other_council)
    CouncilMeetingFactory(council=own_council)
    CouncilMeetingFactory(council=other_council)
    BuildingFactory(microdistrict=own_md)
    BuildingFactory(microdistrict=other_md, street="улица Баныкина")
    own_tos = TOSFactory(district=district)
    other_tos = TOSFactory(district=other_district)
    own_manager = MicrodistrictManagerFactory(district=district, microdistricts=[own_md])
    other_manager = MicrodistrictManagerFactory(district=other_district, microdistricts=[other_md])
    PersonalDataConsentFactory()
    return {
        "own": {"council": own_council, "tos": own_tos, "manager": own_manager, "microdistrict": own_md},
        "other": {"council": other_council, "tos": other_tos, "manager": other_manager, "microdistrict": other_md},
    }


def test_every_registered_model_admin_loads_for_superuser(client, superuser, registry):
    client.force_login(superuser)
    assert client.get(reverse("admin:index")).status_code == 200
    for model, model_admin in admin.site._registry.items():
        changelist = client.get(_admin_url(model, "changelist"))
        assert changelist.status_code == 200, model
        if model_admin.has_add_permission(changelist.wsgi_request):
            assert client.get(_admin_url(model, "add")).status_code == 200, model
        obj = model._default_manager.first()
        if obj is not None:
            assert client.get(_admin_url(model, "change", obj.pk)).status_code == 200, model


def test_admin_changelist_search_and_filters_do_not_fail(client, superuser, registry):
    client.force_login(superuser)
    for model in (Council, Microdistrict):
        response = client.get(_admin_url(model, "changelist"), {"q": "Татищева'; DROP TABLE --"})
        assert response.status_code == 200


@pytest.mark.parametrize("key", ["council", "tos", "manager", "microdistrict"])
def test_district_moderator_sees_only_own_district(client, moderator, registry, key):
    client.force_login(moderator)
    own, other = registry["own"][key], registry["other"][key]
    response = client.get(_admin_url(type(own), "changelist"))
    assert response.status_code == 200
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert own.pk in shown and other.pk not in shown
    # The other district's record is neither viewable nor editable by URL.
    # The admin answers an object outside the user's queryset as «does not exist»: back to the index.
    change = client.get(_admin_url(type(other), "change", other.pk))
    assert change.status_code == 302 and change.url == reverse("admin:index")
    delete = client.post(_admin_url(type(other), "delete", other.pk), {"post": "yes"})
    opts = type(other)._meta
    if moderator.has_perm(f"{opts.app_label}.delete_{opts.model_name}"):
        assert delete.status_code == 302 and delete.url == reverse("admin:index")
    else:
        assert delete.status_code == 403  # microdistricts are the administrators' to delete
    assert type(other)._default_manager.filter(pk=other.pk).exists()


def test_district_moderator_cannot_move_council_to_another_district(client, moderator, registry):
    client.force_login(moderator)
    council = registry["own"]["council"]
    other_md = registry["other"]["microdistrict"]
    url = _admin_url(Council, "change", council.pk)
    form = client.get(url).context["adminform"].form
    assert other_md not in form.fields["microdistrict"].queryset
    assert set(form.fields["district"].queryset) == {council.district}
    response = client.post(url, {
        "kind": council.kind, "name": council.name, "slug": council.slug, "district": other_md.district_id,
        "microdistrict": other_md.pk, "is_active": "on",
        "members-TOTAL_FORMS": "0", "members-INITIAL_FORMS": "0",
        "meetings-TOTAL_FORMS": "0", "meetings-INITIAL_FORMS": "0",
    })
    assert response.status_code == 200  # the form is shown again with errors
    council.refresh_from_db()
    assert council.microdistrict == registry["own"]["microdistrict"]


def test_city_moderator_sees_every_district(client, city_moderator, registry):
    client.force_login(city_moderator)
    response = client.get(_admin_url(Council, "changelist"))
    shown = {obj.pk for obj in response.context["cl"].result_list}
    assert {registry["own"]["council"].pk, registry["other"]["council"].pk} <= shown


def test_moderator_cannot_manage_users_or_districts(client, moderator, registry):
    client.force_login(moderator)
    assert client.get(reverse("admin:accounts_user_changelist")).status_code == 403
    assert client.get(reverse("admin:councils_district_add")).status_code == 403


def test_resident_cannot_enter_admin(client, resident):
    client.force_login(resident)
    response = client.get(reverse("admin:index"))
    assert response.status_code == 302 and "login" in response["Location"]


def test_manager_can_add_meeting_but_not_edit_council(client, district, registry):
    user = StaffUserFactory(role="microdistrict_manager")
    MicrodistrictManagerFactory(user=user, district=district, microdistricts=[registry["own"]["microdistrict"]])
    client.force_login(user)
    council = registry["own"]["council"]
    assert client.get(reverse("admin:councils_councilmeeting_add")).status_code == 200
    response = client.get(_admin_url(Council, "change", council.pk))
    assert response.status_code == 200 and not response.context["has_change_permission"]


def test_charter_and_minutes_uploads_are_checked_by_content():
    from django.core.exceptions import ValidationError
    from django.core.files.uploadedfile import SimpleUploadedFile

    tos = TOSFactory()
    tos.charter_file = SimpleUploadedFile("ustav.pdf", b"MZ\x90\x00 not a pdf", content_type="application/pdf")
    with pytest.raises(ValidationError) as refused:
        tos.full_clean()
    assert "charter_file" in refused.value.message_dict
    tos.charter_file = SimpleUploadedFile("ustav.pdf", b"%PDF-1.4\n%%EOF", content_type="application/pdf")
    tos.full_clean()
    meeting = CouncilMeetingFactory()
    meeting.minutes_file = SimpleUploadedFile("protokol.pdf", b"<html>", content_type="application/pdf")
    with pytest.raises(ValidationError):
        meeting.full_clean()
