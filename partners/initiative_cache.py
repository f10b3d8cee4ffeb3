"""Generations of what partners show on an initiative's page (core.sections_cache).

The pledges and programme applications of one initiative are the same for every reader
(filtering by the reader happens per request on the cached rows), so `selectors` caches
them with `cached_data` under two generations:

- ``partners-initiative-<id>``: moves when a pledge or an application of that initiative
  is saved or deleted;
- ``partners``: moves when any partner organisation (name, verification) or programme
  (title, status, window) is saved or deleted — the rows show their names and are chosen by them.

``partners-members`` moves when someone becomes or stops being a partner's member: the set
of members' accounts tells the page, without a query, who may be offered the pledge form.

Every bump happens after the commit, not before: a reader between the change and the commit
would otherwise cache the old rows under the new generation. Changes that bypass signals
(`QuerySet.update`) call `initiative_changed` themselves (partners.personal_data).
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from core.sections_cache import bump_generation

PARTNERS = "partners"
MEMBERS = "partners-members"


def initiative_generation(initiative_id: int) -> str:
    return f"partners-initiative-{initiative_id}"


def initiative_changed(initiative_ids: Iterable[int]) -> None:
    """Forget the cached partners' rows of these initiatives once the transaction commits."""
    names = sorted({initiative_generation(pk) for pk in initiative_ids if pk is not None})
    if names:
        transaction.on_commit(lambda: [bump_generation(name) for name in names])


def _row_changed(sender: Any, instance: Any, **kwargs: Any) -> None:
    initiative_changed([instance.initiative_id])


def _partners_changed(*args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: bump_generation(PARTNERS))


def _members_changed(*args: Any, **kwargs: Any) -> None:
    transaction.on_commit(lambda: bump_generation(MEMBERS))


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import PartnerMember, PartnerOrganization, Pledge, Programme, ProgrammeApplication

    for model, receiver in (
        (Pledge, _row_changed), (ProgrammeApplication, _row_changed),
        (PartnerOrganization, _partners_changed), (Programme, _partners_changed),
        (PartnerMember, _members_changed),
    ):
        for signal, what in ((post_save, "save"), (post_delete, "delete")):
            signal.connect(receiver, sender=model, weak=False,
                           dispatch_uid=f"partners-initiative-cache-{model.__name__}-{what}")
