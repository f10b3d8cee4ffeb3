"""Progress reports on forum resolution items, by the partner organisation responsible for them."""

from __future__ import annotations

import datetime as dt

from django.utils.translation import gettext as _

from core.errors import NotAllowed
from forum.models import ProgressReport, ResolutionItem
from forum.services import progress_report_add

from .actor import PartnerActor


def report_add(
    item: ResolutionItem, actor: PartnerActor, *, text: str, reported_on: dt.date | None = None,
    evidence_url: str = "", new_status: str = "", new_percent: int | None = None,
) -> ProgressReport:
    actor.require_verified()

    def responsible(locked: ResolutionItem) -> bool:
        return locked.responsible_partners.filter(pk=actor.partner.pk).exists()

    if not responsible(item):
        raise NotAllowed(_("Ваша организация не отвечает за этот пункт резолюции."))
    return progress_report_add(
        item, author=actor.user, text=text, reported_on=reported_on, evidence_url=evidence_url,
        new_status=new_status, new_percent=new_percent, may_report=responsible,
    )
