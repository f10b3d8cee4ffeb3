"""What partners add to the initiative page (registered in initiatives.extensions)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from initiatives.models import Initiative
from initiatives.selectors import TimelineEntry

from . import selectors
from .forms import PledgeForm
from .services.actor import member_actor
from .services.pledges import OPEN_FOR_PLEDGES


def initiative_partner_panel(request: HttpRequest, initiative: Initiative, context: dict[str, Any]) -> str:
    panel = selectors.initiative_panel(initiative, request.user, is_group_member=context.get("is_group_member", False))
    user = request.user
    # Most readers act for no partner: the cached set of members' accounts spares their membership query.
    actor = member_actor(user) if user.is_authenticated and user.pk in selectors.partner_member_ids() else None
    can_pledge = bool(actor and actor.partner.is_verified and initiative.status in OPEN_FOR_PLEDGES)
    if not (panel["pledges"] or panel["applications"] or panel["open_programmes"] or can_pledge):
        return ""
    return render_to_string(
        "partners/initiative_panel.html",
        {**panel, "initiative": initiative, "can_pledge": can_pledge,
         "pledge_form": PledgeForm(auto_id="pledge-%s") if can_pledge else None},
        request=request,
    )


def initiative_timeline_entries(initiative: Initiative) -> list[TimelineEntry]:
    return selectors.timeline_entries(initiative)
