"""Letters ahead of dates: the day-before reminder and resolution deadlines (daily tasks)."""

from __future__ import annotations

import datetime as dt
import logging

from django.db import transaction
from django.db.models import F, Q
from django.utils import timezone

from accounts.models import User

from .. import events
from ..models import (
    ForumEdition,
    Registration,
    ResolutionItem,
    SectionRegistration,
)

logger = logging.getLogger(__name__)

R = Registration.Status
SR = SectionRegistration.Status

# A collision among 32⁸ codes is practically impossible; a few retries make it impossible in practice too.
_CODE_ATTEMPTS = 5


# Notices ahead of dates ---------------------------------------------------------------------

# How long before its deadline the responsible party hears of a resolution item.
DEADLINE_NOTICE_DAYS = 14


def _day_bounds(day: dt.date) -> tuple[dt.datetime, dt.datetime]:
    """The local day as an aware half-open interval, so «starts tomorrow» means the forum's own calendar day."""
    start = timezone.make_aware(dt.datetime.combine(day, dt.time.min))
    return start, timezone.make_aware(dt.datetime.combine(day + dt.timedelta(days=1), dt.time.min))


def send_reminders(today: dt.date | None = None) -> int:
    """Remind the participants of every forum starting tomorrow. Returns how many forums were reminded of.

    Each edition is claimed with a conditional UPDATE of `reminder_sent_on` in
    the transaction that records the event: a second run the same day (a retry,
    a manual run next to beat's) finds it claimed and records nothing, and if
    recording fails the claim rolls back with it, so the next run tries again.
    One event stands for the whole forum; its resolver lists the participants.
    """
    today = today or timezone.localdate()
    start, end = _day_bounds(today + dt.timedelta(days=1))
    due = ForumEdition.objects.filter(
        status__in=(ForumEdition.Status.REGISTRATION_OPEN, ForumEdition.Status.REGISTRATION_CLOSED),
        starts_at__gte=start, starts_at__lt=end,
    ).exclude(reminder_sent_on=today)
    reminded = 0
    for edition_id in list(due.values_list("pk", flat=True)):
        with transaction.atomic():
            # The same conditions again: the forum may have been moved since it was listed.
            if not due.filter(pk=edition_id).update(reminder_sent_on=today):
                continue
            events.reminder(ForumEdition.objects.get(pk=edition_id))
        reminded += 1
    return reminded


def _deadline_recipients(item: ResolutionItem, today: dt.date) -> tuple[list[int], str]:
    """Current members of the responsible councils who have an account; failing them, the city-wide moderators.

    Returns the user ids and who they are («council» or «moderators»), which the letter explains.
    """
    from accounts import roles
    from councils.models import CouncilMember

    members = set(
        CouncilMember.objects.current(today)
        .filter(council__in=item.responsible_councils.all(), user__is_active=True, user__anonymised_at__isnull=True)
        .values_list("user_id", flat=True)
        .order_by()
    )
    if members:
        return sorted(members), "council"
    # Nobody on the councils can be reached through the portal: the people who run the
    # forum city-wide follow the item up instead, so a deadline never passes unnoticed.
    moderators = User.objects.filter(
        groups__name=roles.MODERATOR, moderated_district__isnull=True, is_active=True, anonymised_at__isnull=True
    )
    return sorted(set(moderators.values_list("pk", flat=True).order_by())), "moderators"


def send_resolution_deadline_notices(today: dt.date | None = None) -> int:
    """Tell the responsible party of each open item whose deadline is at most 14 days away. Returns how many items.

    An item is claimed by setting `deadline_notice_for` to its deadline with a
    conditional UPDATE in the transaction that records the event, so the notice
    goes once per deadline however often this runs. Taking every deadline within
    the window, not only those exactly 14 days away, means a day beat missed, or a
    deadline entered late, still gets its notice.
    """
    today = today or timezone.localdate()
    due = (
        ResolutionItem.objects.filter(deadline__gt=today, deadline__lte=today + dt.timedelta(days=DEADLINE_NOTICE_DAYS))
        .exclude(status__in=(ResolutionItem.Status.DONE, ResolutionItem.Status.CANCELLED))
        .filter(Q(deadline_notice_for__isnull=True) | ~Q(deadline_notice_for=F("deadline")))
    )
    notified = 0
    for item_id in list(due.values_list("pk", flat=True).order_by("pk")):
        with transaction.atomic():
            if not due.filter(pk=item_id).update(deadline_notice_for=F("deadline")):
                continue
            item = ResolutionItem.objects.select_related("resolution__edition").get(pk=item_id)
            user_ids, audience = _deadline_recipients(item, today)
            if not user_ids:
                # The claim is undone, so tomorrow's run tries again once someone can be told.
                logger.warning("Resolution item %s: nobody to tell of its deadline %s.", item.pk, item.deadline)
                transaction.set_rollback(True)
                continue
            events.resolution_deadline(item, user_ids=user_ids, audience=audience)
        notified += 1
    return notified
