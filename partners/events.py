"""What partners tell the notifications outbox. Called inside the services' transactions.

The same events feed partners' webhooks (see `partners.webhooks`), so each payload
carries the partner's id and only public data.
"""

from __future__ import annotations

from django.urls import reverse

from accounts.models import User
from notifications.services import emit

from .models import Pledge, ProgrammeApplication

PLEDGE_OFFERED = "pledge_offered"
PLEDGE_CHANGED = "pledge_changed"
APPLICATION_SUBMITTED = "application_submitted"
APPLICATION_DECIDED = "application_decided"


def _webhooks(event) -> None:
    # Partners' own events reach their webhooks right after commit; others come with the sweep.
    from .webhooks import on_event

    on_event(event)


def _member_ids(partner_id: int) -> list[int]:
    from .models import PartnerMember

    return list(PartnerMember.objects.filter(partner_id=partner_id).values_list("user_id", flat=True))


def _pledge_payload(pledge: Pledge) -> dict:
    initiative = pledge.initiative
    return {
        "pledge_id": pledge.pk,
        "partner_id": pledge.partner_id,
        "partner_name": pledge.partner.name,
        "kind": pledge.kind,
        "kind_label": str(pledge.get_kind_display()),
        "summary": str(pledge.summary or ""),
        "status": pledge.status,
        "initiative_id": initiative.pk,
        "title": initiative.title,
        "district_id": initiative.district_id,
        "microdistrict_id": initiative.microdistrict_id,
        "url": reverse("initiatives:detail", args=[initiative.pk]) + "#pledges",
    }


def pledge_offered(pledge: Pledge, *, actor: User | None) -> None:
    _webhooks(emit(PLEDGE_OFFERED, payload=_pledge_payload(pledge), actor=actor))


def pledge_status_changed(pledge: Pledge, *, from_status: str, actor: User | None) -> None:
    payload = {**_pledge_payload(pledge), "from_status": from_status, "reason": pledge.decision_reason}
    # Accepted or declined: the partner's members hear of it; withdrawn: the group does.
    if pledge.status == Pledge.Status.WITHDRAWN:
        payload["to_group"] = True
    else:
        payload["user_ids"] = _member_ids(pledge.partner_id)
    _webhooks(emit(PLEDGE_CHANGED, payload=payload, actor=actor))


def _application_payload(application: ProgrammeApplication) -> dict:
    programme = application.programme
    return {
        "application_id": application.pk,
        "programme_id": programme.pk,
        "programme_title": programme.title,
        "partner_id": programme.partner_id,
        "status": application.status,
        "reason": application.reason,
        "initiative_id": application.initiative_id,
        "title": application.initiative.title,
        "url": reverse("initiatives:detail", args=[application.initiative_id]) + "#programmes",
    }


def application_submitted(application: ProgrammeApplication, *, actor: User | None) -> None:
    payload = {**_application_payload(application), "user_ids": _member_ids(application.programme.partner_id)}
    payload["url"] = reverse("partners:member_home")
    _webhooks(emit(APPLICATION_SUBMITTED, payload=payload, actor=actor))


def application_decided(application: ProgrammeApplication, *, actor: User | None) -> None:
    _webhooks(emit(APPLICATION_DECIDED, payload=_application_payload(application), actor=actor))
