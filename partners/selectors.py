"""Reads for partners' pages: only verified partners and public data."""

from __future__ import annotations

from typing import Any, NamedTuple

from django.db.models import Prefetch, QuerySet
from django.utils.translation import gettext as _

from accounts.models import User
from core.sections_cache import cached_data
from initiatives.models import Initiative
from initiatives.selectors import TimelineEntry

from . import initiative_cache
from .models import PartnerMember, PartnerOrganization, Pledge, Programme, ProgrammeApplication


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


class InitiativeRows(NamedTuple):
    """Every pledge of verified partners and every application to a public programme of one initiative."""

    pledges: list[Pledge]
    applications: list[ProgrammeApplication]


def initiative_rows(initiative: Initiative) -> InitiativeRows:
    """The initiative's pledges and applications, the same for every reader: cached until they change.

    Kept under the initiative's partners generation and the partners-wide one
    (partners.initiative_cache), read once per page (panel and timeline share them).
    What depends on the reader (a group member also sees declined and withdrawn offers)
    is filtered per request by the callers.
    """
    rows = getattr(initiative, "_partner_rows", None)
    if rows is not None:
        return rows

    def load() -> InitiativeRows:
        loaded = InitiativeRows(
            pledges=list(
                Pledge.objects.filter(initiative=initiative, partner__is_verified=True)
                .select_related("partner").order_by("-created_at", "-id")
            ),
            applications=list(
                ProgrammeApplication.objects.filter(
                    initiative=initiative, programme__in=Programme.objects.public().values("pk")
                ).select_related("programme", "programme__partner")
            ),
        )
        for row in (*loaded.pledges, *loaded.applications):
            # Not pickled along: the initiative (with this reader's annotations) is the caller's.
            row._state.fields_cache.pop("initiative", None)
        return loaded

    rows = cached_data(
        f"initiative-partners:{initiative.pk}",
        [initiative_cache.initiative_generation(initiative.pk), initiative_cache.PARTNERS],
        load,
    )
    initiative._partner_rows = rows
    return rows


def _open_programmes() -> list[Programme]:
    """Published programmes of verified partners, the same for every group: whether one still
    takes applications today is checked on the cached rows."""
    return cached_data(
        "partners-open-programmes", [initiative_cache.PARTNERS],
        lambda: list(Programme.objects.public().filter(status=Programme.Status.OPEN).select_related("partner")),
    )


def partner_member_ids() -> frozenset[int]:
    """Accounts that act for a partner (few), so a page can skip the membership query for everyone else."""
    return cached_data(
        "partners-member-ids", [initiative_cache.MEMBERS],
        lambda: frozenset(PartnerMember.objects.values_list("user_id", flat=True)),
    )


def initiative_panel(initiative: Initiative, user: User, *, is_group_member: bool) -> dict[str, Any]:
    """Pledges and programme applications on an initiative's page.

    The initiative group also sees declined and withdrawn offers (and may answer
    open ones); everyone else sees offered and accepted ones of verified partners.
    """
    rows = initiative_rows(initiative)
    pledges = rows.pledges
    if not is_group_member:
        pledges = [p for p in pledges if p.status in Pledge.PUBLIC_STATUSES]
    applications = rows.applications
    open_programmes: list[Programme] = []
    if is_group_member and initiative.is_public:
        applied = {a.programme_id for a in applications}
        open_programmes = [p for p in _open_programmes() if p.accepts_applications() and p.pk not in applied]
    return {
        "pledges": pledges,
        "applications": applications,
        "open_programmes": open_programmes,
        "is_group_member": is_group_member,
    }


def timeline_entries(initiative: Initiative) -> list[TimelineEntry]:
    """Accepted pledges and programme decisions join the initiative's public timeline."""
    entries = []
    for pledge in initiative_rows(initiative).pledges:
        if pledge.status != Pledge.Status.ACCEPTED or pledge.decided_at is None:
            continue
        entries.append(TimelineEntry(
            status_label=_("принята поддержка: %(kind)s") % {"kind": pledge.get_kind_display()},
            created_at=pledge.decided_at, reason=str(pledge.summary or ""), actor_label=pledge.partner.name,
        ))
    for application in initiative_rows(initiative).applications:
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
