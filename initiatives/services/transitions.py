"""Status transitions of an initiative — the only code that changes `Initiative.status`.

Every transition locks the initiative row, re-checks the current status and the
actor's right on the locked row, saves, and writes a StatusChange in the same
transaction. Two moderators pressing «Опубликовать» at once therefore produce
one publication and one clear refusal, never two timeline entries.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable
from dataclasses import dataclass

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from accounts.models import User
from councils.models import Council

from .. import permissions
from ..models import Initiative, StatusChange, SupportRule
from ..storage import publish_files
from . import events
from .errors import DomainError, NotAllowed, WrongStatus

S = Initiative.Status

# Fallbacks when staff have not configured a SupportRule for a scope.
DEFAULT_RULES = {"microdistrict": (100, 60), "district": (300, 90), "city": (1000, 90)}

Check = Callable[[User | None, Initiative], bool]


def _group(actor: User | None, initiative: Initiative) -> bool:
    return actor is not None and permissions.is_group_member(actor, initiative)


def _author(actor: User | None, initiative: Initiative) -> bool:
    return actor is not None and actor.is_authenticated and actor.pk == initiative.author_id


def _moderator(actor: User | None, initiative: Initiative) -> bool:
    return actor is not None and permissions.is_moderator_for(actor, initiative)


def _system_or_moderator(actor: User | None, initiative: Initiative) -> bool:
    return actor is None or _moderator(actor, initiative)


@dataclass(frozen=True)
class Transition:
    """One arrow of the status diagram: where it leads, where it may start, who may take it."""

    to: str
    allowed_from: frozenset[str]
    may: Check
    reason_required: bool = False


# The status diagram, written once: the services below run it, the views ask it what is
# possible (e.g. whether to offer «Отозвать»), and the tests read it.
TRANSITIONS: dict[str, Transition] = {
    "submit": Transition(S.MODERATION, frozenset({S.DRAFT, S.REVISION}), _group),
    "request_revision": Transition(S.REVISION, frozenset({S.MODERATION}), _moderator, reason_required=True),
    "publish": Transition(S.PUBLISHED, frozenset({S.MODERATION}), _moderator),
    "reject": Transition(
        S.REJECTED, frozenset({S.MODERATION, S.PUBLISHED, S.CONSIDERATION}), _moderator, reason_required=True,
    ),
    # Only the author may withdraw, and only before the city has decided.
    "withdraw": Transition(S.WITHDRAWN, frozenset({S.DRAFT, S.MODERATION, S.REVISION, S.PUBLISHED}), _author),
    # To consideration: by staff (optionally to a council) or by the system at the threshold.
    "forward": Transition(S.CONSIDERATION, frozenset({S.PUBLISHED}), _system_or_moderator),
    "accept": Transition(S.ACCEPTED, frozenset({S.CONSIDERATION}), _moderator),
    "start": Transition(S.IN_PROGRESS, frozenset({S.ACCEPTED}), _moderator),
    "mark_implemented": Transition(S.IMPLEMENTED, frozenset({S.IN_PROGRESS}), _moderator),
    # The deadline passed below the threshold (periodic task; the system is the actor).
    "expire": Transition(S.EXPIRED, frozenset({S.PUBLISHED}), lambda actor, initiative: actor is None),
}


def can_leave_by(name: str, status: str) -> bool:
    """Whether the transition `name` may start from `status` (rights are checked by the service)."""
    return status in TRANSITIONS[name].allowed_from


def _transition(
    initiative: Initiative,
    name: str,
    *,
    actor: User | None,
    reason: str = "",
    before_save: Callable[[Initiative], None] | None = None,
) -> Initiative:
    spec = TRANSITIONS[name]
    to = spec.to
    reason = (reason or "").strip()
    if spec.reason_required and not reason:
        raise DomainError(_("Укажите причину."))
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if locked.status not in spec.allowed_from:
            raise WrongStatus(
                _("Действие недоступно: инициатива сейчас в статусе «%(status)s».")
                % {"status": locked.get_status_display()}
            )
        if not spec.may(actor, locked):
            raise NotAllowed(_("У вас нет права на это действие."))
        from_status = locked.status
        locked.status = to
        if before_save is not None:
            before_save(locked)
        locked.save()
        StatusChange.objects.create(
            initiative=locked, from_status=from_status, to_status=to, actor=actor, reason=reason
        )
        # Same transaction: the notification exists exactly when the change does.
        events.status_changed(locked, from_status=from_status, actor=actor, reason=reason)
    # Callers keep using the object they hold; refresh it from the locked copy.
    initiative.__dict__.update({k: v for k, v in locked.__dict__.items() if not k.startswith("_")})
    return initiative


def missing_for_submission(initiative: Initiative) -> list[str]:
    """What must be filled in before moderation, in words for the resident."""
    missing = []
    if not initiative.title or not initiative.summary:
        missing.append(_("название и краткое описание"))
    if not initiative.category_id:
        missing.append(_("категория"))
    if initiative.scope == "microdistrict" and not initiative.microdistrict_id:
        missing.append(_("микрорайон"))
    if initiative.scope == "district" and not initiative.district_id:
        missing.append(_("район"))
    return missing


def _check_complete(initiative: Initiative) -> None:
    missing = missing_for_submission(initiative)
    if missing:
        raise DomainError(_("Заполните, пожалуйста: %(fields)s.") % {"fields": ", ".join(map(str, missing))})


def initiative_submit(initiative: Initiative, *, actor: User, reason: str = "") -> Initiative:
    """A draft (or a revised initiative) goes to moderation."""

    def stamp(i: Initiative) -> None:
        _check_complete(i)
        i.submitted_at = timezone.now()

    return _transition(
        initiative, "submit", actor=actor, reason=reason, before_save=stamp,
    )


def initiative_request_revision(initiative: Initiative, *, actor: User, reason: str) -> Initiative:
    return _transition(
        initiative, "request_revision", actor=actor, reason=reason,
    )


def support_rule_for(scope: str) -> tuple[int, int]:
    rule = SupportRule.objects.filter(scope=scope).first()
    if rule is not None:
        return rule.support_threshold, rule.collection_days
    return DEFAULT_RULES[scope]


def initiative_publish(initiative: Initiative, *, actor: User, reason: str = "") -> Initiative:
    """Moderation passed: the initiative starts collecting support."""

    def start_collection(i: Initiative) -> None:
        threshold, days = support_rule_for(i.scope)
        i.published_at = timezone.now()
        i.support_threshold = i.support_threshold or threshold
        if not i.collection_deadline or i.collection_deadline <= timezone.localdate():
            i.collection_deadline = timezone.localdate() + dt.timedelta(days=days)

    initiative = _transition(
        initiative, "publish", actor=actor, reason=reason, before_save=start_collection,
    )
    # Once the publication is committed, its photos and documents move to the public storage;
    # until then (or if the move fails) they are still served, through the checking view.
    initiative_id = initiative.pk
    transaction.on_commit(lambda: publish_files(initiative_id))
    return initiative


def initiative_reject(initiative: Initiative, *, actor: User, reason: str) -> Initiative:
    return _transition(initiative, "reject", actor=actor, reason=reason)


def initiative_withdraw(initiative: Initiative, *, actor: User, reason: str = "") -> Initiative:
    """Only the author may withdraw, and only before the city has decided."""
    return _transition(initiative, "withdraw", actor=actor, reason=reason)


def initiative_forward(
    initiative: Initiative, *, actor: User | None, reason: str = "", council: Council | None = None
) -> Initiative:
    """To consideration: by staff (optionally to a council) or by the system at the threshold."""

    def set_council(i: Initiative) -> None:
        if council is not None:
            # A council of another district has no say over this territory.
            if i.district_id is not None and council.district_id != i.district_id:
                raise DomainError(_("Совет находится в другом районе."))
            i.forwarded_to = council

    return _transition(
        initiative, "forward", actor=actor, reason=reason, before_save=set_council,
    )


def initiative_accept(initiative: Initiative, *, actor: User, reason: str = "") -> Initiative:
    return _transition(initiative, "accept", actor=actor, reason=reason)


def initiative_start(initiative: Initiative, *, actor: User, reason: str = "") -> Initiative:
    return _transition(initiative, "start", actor=actor, reason=reason)


def initiative_mark_implemented(initiative: Initiative, *, actor: User, reason: str = "") -> Initiative:
    return _transition(initiative, "mark_implemented", actor=actor, reason=reason)


def initiative_expire(initiative: Initiative) -> Initiative:
    """The deadline passed below the threshold (periodic task; the system is the actor)."""

    def still_due(i: Initiative) -> None:
        if i.collection_deadline is None or i.collection_deadline >= timezone.localdate():
            raise WrongStatus(_("Срок сбора поддержки ещё не истёк."))
        if i.support_threshold and i.support_count >= i.support_threshold:
            raise WrongStatus(_("Порог поддержки набран."))

    return _transition(
        initiative, "expire", actor=None, reason=_("Срок сбора поддержки истёк, порог не набран."),
        before_save=still_due,
    )


def expire_overdue_initiatives(today: dt.date | None = None) -> int:
    """Expire every published initiative whose deadline has passed below its threshold."""
    today = today or timezone.localdate()
    due = Initiative.objects.filter(status=S.PUBLISHED, collection_deadline__lt=today).values_list("pk", flat=True)
    expired = 0
    for pk in due.iterator():
        try:
            initiative_expire(Initiative(pk=pk))
        except DomainError:
            # Raced with a support that reached the threshold, or already moved on.
            continue
        expired += 1
    return expired


def initiative_mark_best_practice(initiative: Initiative, *, actor: User, summary: str) -> Initiative:
    """Not a status change: an implemented initiative becomes an example for others."""
    summary = (summary or "").strip()
    if not summary:
        raise DomainError(_("Опишите, как повторить эту практику."))
    with transaction.atomic():
        locked = Initiative.objects.select_for_update().get(pk=initiative.pk)
        if locked.status != S.IMPLEMENTED:
            raise WrongStatus(_("Лучшей практикой может стать только реализованная инициатива."))
        if not _moderator(actor, locked):
            raise NotAllowed(_("У вас нет права на это действие."))
        locked.is_best_practice = True
        locked.best_practice_summary = summary
        locked.save(update_fields=["is_best_practice", "best_practice_summary", "updated_at"])
    initiative.is_best_practice, initiative.best_practice_summary = True, summary
    return initiative
