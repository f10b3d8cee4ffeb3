"""Writes of the forum: registration and its waitlist, check-in, resolution reports, topics, editions.

One module each: registration, resolution, notices, topics, editions (errors in errors.py).

House style: lock the rows the decision depends on (select_for_update), check on
the locked copy, save, and record a notification event (forum.events) in the same
transaction: the outbox delivers it after commit, once per recipient, so letters
go out only for what was really committed and never twice.

Lock order is always edition → sections (by pk) → registrations. Every write
that can change who holds a seat takes the edition lock first, so concurrent
registrations and cancellations of one forum run one after another, and two
writers never wait for each other's rows in opposite order (no deadlocks).
"""

from .editions import (
    EDITION_TRANSITIONS,
    edition_archive,
    edition_close_registration,
    edition_copy_to_next_year,
    edition_mark_held,
    edition_open_registration,
)
from .errors import (
    AlreadyRegistered,
    AlreadySupported,
    DomainError,
    EditionExists,
    NotAllowed,
    RegistrationClosed,
    WrongStatus,
)
from .notices import DEADLINE_NOTICE_DAYS, send_reminders, send_resolution_deadline_notices
from .registration import (
    fill_free_seats,
    registration_cancel,
    registration_closed_message,
    registration_create,
    registration_mark_attended,
)
from .resolution import progress_report_add
from .topics import topic_decline, topic_hide, topic_propose, topic_select, topic_support, topic_unsupport

__all__ = [
    "DEADLINE_NOTICE_DAYS",
    "EDITION_TRANSITIONS",
    "AlreadyRegistered",
    "AlreadySupported",
    "DomainError",
    "EditionExists",
    "NotAllowed",
    "RegistrationClosed",
    "WrongStatus",
    "edition_archive",
    "edition_close_registration",
    "edition_copy_to_next_year",
    "edition_mark_held",
    "edition_open_registration",
    "fill_free_seats",
    "progress_report_add",
    "registration_cancel",
    "registration_closed_message",
    "registration_create",
    "registration_mark_attended",
    "send_reminders",
    "send_resolution_deadline_notices",
    "topic_decline",
    "topic_hide",
    "topic_propose",
    "topic_select",
    "topic_support",
    "topic_unsupport",
]
