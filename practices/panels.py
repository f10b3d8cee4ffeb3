"""The practices' panel on an initiative's page (through initiatives.extensions)."""

from __future__ import annotations

from typing import Any

from django.http import HttpRequest
from django.template.loader import render_to_string

from initiatives.models import Initiative

from . import selectors


def initiative_practice_panel(request: HttpRequest, initiative: Initiative, context: dict[str, Any]) -> str:
    """«Повторить практику» on an implemented best practice; «по примеру» on a draft started from one.

    Other initiatives cost no query: the panel decides from the row already loaded.
    """
    if initiative.is_best_practice and initiative.status == Initiative.Status.IMPLEMENTED:
        return render_to_string("practices/includes/initiative_panel.html", {
            "initiative": initiative, "repeat_count": selectors.repeat_count_of_initiative(initiative),
        }, request=request)
    if initiative.status in Initiative.EDITABLE_STATUSES:
        repeat = selectors.repeated_from(initiative)
        if repeat is not None:
            return render_to_string("practices/includes/repeated_from.html", {"repeat": repeat}, request=request)
    return ""
