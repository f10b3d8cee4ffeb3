"""Progress reports: the only way a resolution item's status and percent change."""

from __future__ import annotations

import datetime as dt
import logging
from collections.abc import Callable

from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import DomainError, NotAllowed

from .. import permissions
from ..models import (
    ProgressReport,
    Registration,
    ResolutionItem,
    SectionRegistration,
)

logger = logging.getLogger(__name__)

R = Registration.Status
SR = SectionRegistration.Status

# A collision among 32⁸ codes is practically impossible; a few retries make it impossible in practice too.
_CODE_ATTEMPTS = 5


# Resolution -------------------------------------------------------------------------------


def progress_report_add(
    item: ResolutionItem,
    *,
    author: User | None,
    text: str,
    reported_on: dt.date | None = None,
    evidence_url: str = "",
    evidence_file: UploadedFile | None = None,
    new_status: str = "",
    new_percent: int | None = None,
    may_report: Callable[[ResolutionItem], bool] | None = None,
) -> ProgressReport:
    """Record a report on a resolution item and, if given, move the item's status and percent.

    `may_report` replaces the person's right check for callers that act for an organisation
    (a partner's API key responsible for the item, see partners); it runs on the locked row.
    """
    text = (text or "").strip()
    if not text:
        raise DomainError(_("Опишите, что сделано."))
    if new_status and new_status not in ResolutionItem.Status.values:
        raise DomainError(_("Неизвестный статус пункта."))
    if new_percent is not None and not 0 <= new_percent <= 100:
        raise DomainError(_("Процент выполнения — от 0 до 100."))
    if new_status == ResolutionItem.Status.DONE:
        # A done item is complete: the stored percent says so too, whatever was typed.
        new_percent = 100
    with transaction.atomic():
        locked = ResolutionItem.objects.select_for_update().get(pk=item.pk)
        allowed = may_report(locked) if may_report is not None else (
            author is not None and permissions.can_report_on(author, locked)
        )
        if not allowed:
            raise NotAllowed(_("Отчитываться по этому пункту могут сотрудники и члены ответственных советов."))
        report = ProgressReport.objects.create(
            item=locked, author=author, text=text, reported_on=reported_on or timezone.localdate(),
            evidence_url=evidence_url or "", evidence_file=evidence_file or "",
            new_status=new_status or "", new_percent=new_percent,
        )
        changed = []
        if new_status and new_status != locked.status:
            locked.status = new_status
            changed.append("status")
        if new_percent is not None and new_percent != locked.progress_percent:
            locked.progress_percent = new_percent
            changed.append("progress_percent")
        if changed:
            locked.save(update_fields=[*changed, "updated_at"])
    item.status, item.progress_percent = locked.status, locked.progress_percent
    return report
