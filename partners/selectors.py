"""Reads for partners' pages: only verified partners and public data."""

from __future__ import annotations

from typing import Any

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from initiatives.models import Initiative
from initiatives.selectors import TimelineEntry

from .models import PartnerOrganization, Pledge, Programme, ProgrammeApplication


def public_partners() -> QuerySet[PartnerOrganization]:
    return PartnerOrganization.objects.verified().prefetch_related("categories", "districts")


def public_pledges() -> QuerySet[Pledge]:
    """Pledges anyone may see: of verified partners, on public initiatives, offered or accepted."""
    return Pledge.objects.filter(
        partner__is_verified=True, status__in=Pledge.PUBLIC_STATUSES,
        initiative__in=Initiative.objects.public().values("pk"),
    )


def public_applications() -> QuerySet[ProgrammeApplication]:
    return ProgrammeApplication.objects.filter(
        programme__in=Programme.objects.public().values("pk"),
        initiative__in=Initiative.objects.public().values("pk"),
    )


def partner_detail(slug: str) -> PartnerOrganization | None:
    return public_partners().filter(slug=slug).first()


def partner_page(partner: PartnerOrganization) -> dict[str, Any]:
    pledges = list(
        public_pledges().filter(partner=partner).select_related("initiative").order_by("-created_at")[:100]
    )
    return {
        "partner": partner,
        "open_pledges": [p for p in pledges if p.status == Pledge.Status.OFFERED],
        "accepted_pledges": [p for p in pledges if p.status == Pledge.Status.ACCEPTED],
        "programmes": list(Programme.objects.public().filter(partner=partner)),
        "helped": list(
            Initiative.objects.public()
            .filter(pledges__partner=partner, pledges__status=Pledge.Status.ACCEPTED)
            .distinct()
            .order_by("-published_at")[:50]
        ),
    }


def programme_page(slug: str) -> Programme | None:
    return (
        Programme.objects.public()
        .select_related("partner")
        .prefetch_related(
            "categories", "districts",
            Prefetch(
                "applications",
                queryset=public_applications().select_related("initiative").order_by("-created_at"),
                to_attr="public_applications",
            ),
        )
        .filter(slug=slug)
        .first()
    )


def _initiative_pledges(initiative: Initiative) -> list[Pledge]:
    """Every pledge of verified partners on the initiative, read once per page (panel and timeline share it)."""
    cached = getattr(initiative, "_partner_pledges", None)
    if cached is None:
        cached = list(
            Pledge.objects.filter(initiative=initiative, partner__is_verified=True)
            .select_related("partner").order_by("-created_at", "-id")
        )
        initiative._partner_pledges = cached
    return cached


def _initiative_applications(initiative: Initiative) -> list[ProgrammeApplication]:
    cached = getattr(initiative, "_programme_applications", None)
    if cached is None:
        cached = list(
            ProgrammeApplication.objects.filter(
                initiative=initiative, programme__in=Programme.objects.public().values("pk")
            ).select_related("programme", "programme__partner")
        )
        initiative._programme_applications = cached
    return cached


def initiative_panel(initiative: Initiative, user: User, *, is_group_member: bool) -> dict[str, Any]:
    """Pledges and programme applications on an initiative's page.

    The initiative group also sees declined and withdrawn offers (and may answer
    open ones); everyone else sees offered and accepted ones of verified partners.
    """
    pledges = _initiative_pledges(initiative)
    if not is_group_member:
        pledges = [p for p in pledges if p.status in Pledge.PUBLIC_STATUSES]
    applications = _initiative_applications(initiative)
    open_programmes: list[Programme] = []
    if is_group_member and initiative.is_public:
        applied = {a.programme_id for a in applications}
        open_programmes = [
            p for p in Programme.objects.public().filter(status=Programme.Status.OPEN).select_related("partner")
            if p.accepts_applications() and p.pk not in applied
        ]
    return {
        "pledges": pledges,
        "applications": applications,
        "open_programmes": open_programmes,
        "is_group_member": is_group_member,
    }


def timeline_entries(initiative: Initiative) -> list[TimelineEntry]:
    """Accepted pledges and programme decisions join the initiative's public timeline."""
    entries = []
    for pledge in _initiative_pledges(initiative):
        if pledge.status != Pledge.Status.ACCEPTED or pledge.decided_at is None:
            continue
        entries.append(TimelineEntry(
            status_label=_("принята поддержка: %(kind)s") % {"kind": pledge.get_kind_display()},
            created_at=pledge.decided_at, reason=str(pledge.summary or ""), actor_label=pledge.partner.name,
        ))
    for application in _initiative_applications(initiative):
        if application.decided_at is None:
            continue
        label = (
            _("заявка в программу «%(title)s» принята")
            if application.status == ProgrammeApplication.Status.ACCEPTED
            else _("заявка в программу «%(title)s» отклонена")
        )
        entries.append(TimelineEntry(
            status_label=label % {"title": application.programme.title}, created_at=application.decided_at,
            reason=application.reason, actor_label=application.programme.partner.name,
        ))
    return entries


def member_home(partner: PartnerOrganization) -> dict[str, Any]:
    return {
        "partner": partner,
        "pledges": list(partner.pledges.select_related("initiative").order_by("-created_at")[:200]),
        "to_decide": list(
            ProgrammeApplication.objects.filter(
                programme__partner=partner, status=ProgrammeApplication.Status.SUBMITTED
            ).select_related("programme", "initiative")
        ),
        "programmes": list(partner.programmes.all()),
        "keys": list(partner.api_keys.order_by("-created")),
        "webhooks": list(partner.webhooks.order_by("id")),
    }
