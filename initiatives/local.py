"""Initiatives on the registry's pages: a microdistrict's and a TOS's own, a council's forwarded ones.

Registered with councils.sections in InitiativesConfig.ready(); councils never imports this.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.http import HttpRequest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.translation import gettext as _

from councils import sections
from councils.models import TOS, Council, Microdistrict

from . import selectors

LOCAL_LIMIT = 6


def _render(request: HttpRequest, *, heading: str, queryset, empty: str, more_url: str = "",
            propose: str = "") -> str:
    """`propose`: the query string of the «Предложить инициативу» link ("" — no link)."""
    initiatives = list(selectors.order(selectors.with_card_data(queryset), "")[: LOCAL_LIMIT + 1])
    if not initiatives and not propose:
        return ""
    return render_to_string(
        "initiatives/includes/local_section.html",
        {
            "heading": heading,
            "initiatives": initiatives[:LOCAL_LIMIT],
            "has_more": len(initiatives) > LOCAL_LIMIT,
            "more_url": more_url,
            "empty": empty,
            "propose_url": f"{reverse('initiatives:create')}?{propose}" if propose else "",
        },
        request=request,
    )


def microdistrict_section(request: HttpRequest, microdistrict: Microdistrict) -> str:
    return _render(
        request,
        heading=_("Инициативы жителей микрорайона"),
        queryset=selectors.public_initiatives().filter(microdistrict=microdistrict),
        empty=_("В этом микрорайоне пока нет опубликованных инициатив. Предложите первую."),
        more_url=reverse("initiatives:list") + f"?microdistrict={microdistrict.slug}",
        # The new draft starts in this microdistrict (CreateForm reads it).
        propose=urlencode({"microdistrict": microdistrict.slug}),
    )


def tos_section(request: HttpRequest, tos: TOS) -> str:
    return _render(
        request,
        heading=_("Инициативы на территории ТОС"),
        queryset=selectors.public_initiatives().filter(tos=tos),
        empty=_("На территории этого ТОС пока нет опубликованных инициатив."),
        propose=urlencode({"tos": tos.slug}),
    )


def council_section(request: HttpRequest, council: Council) -> str:
    # Only forwarded initiatives: a council page is about what the council has to answer.
    return _render(
        request,
        heading=_("Инициативы, переданные совету"),
        queryset=selectors.public_initiatives().filter(forwarded_to=council),
        empty="",
    )


def register() -> None:
    sections.register(sections.MICRODISTRICT, microdistrict_section)
    sections.register(sections.TOS, tos_section)
    sections.register(sections.COUNCIL, council_section)
