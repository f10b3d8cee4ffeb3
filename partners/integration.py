"""What partners plug into the apps below them (called once from PartnersConfig.ready)."""

from __future__ import annotations

from typing import Any


def _api_pledges(initiative) -> list[dict[str, Any]]:
    from .api.serializers import PledgeSerializer
    from .selectors import public_pledges

    pledges = public_pledges().filter(initiative=initiative).select_related("partner").order_by("-created_at")
    return PledgeSerializer(pledges, many=True).data


def register() -> None:
    from initiatives import extensions

    from . import initiative_cache, panels
    from .api import schema  # noqa: F401  (registers the key scheme with drf-spectacular)

    extensions.register_detail_panel(panels.initiative_partner_panel)
    extensions.register_timeline_source(panels.initiative_timeline_entries)
    initiative_cache.connect_signals()  # the panel's and timeline's cached rows follow their changes
    extensions.register_api_detail_data("pledges", _api_pledges)
