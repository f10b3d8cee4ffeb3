"""The catalogue's generation: one counter that moves whenever what the public list shows changes.

A logged-in resident gets no whole-page cache, yet the list, a search or page 500 is the
same for every resident who reads it in one language on one day, except for the marks on
the initiatives they support. So the list's body (filters, count, cards, page links) is
cached as a section (core.sections_cache) under the query string, the language, the date,
this generation and the councils' one (district and microdistrict names); the resident's
marks are put in afterwards from one small query (initiatives.cards.mark_supported).

The generation moves after the commit of any change to an initiative, a support (the
count), a gallery photo (the thumbnail), a category or a national project (filters and
cards). After the commit, not before: a reader between the change and the commit would
otherwise cache the old rows under the new generation. Changes that bypass signals
(`QuerySet.update`, `bulk_create`) call `catalogue_changed()` themselves.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction

from core.sections_cache import bump_generation, generations

CATALOGUE = "initiatives-catalogue"
# Names the cards and filters show from other rows: categories, national projects (here)
# and districts and microdistricts (the councils' generation). Cards are keyed by it, so a
# renamed category is on every card at once.
REFERENCE = "initiatives-reference"


def _bump() -> None:
    bump_generation(CATALOGUE)


def _bump_reference() -> None:
    bump_generation(REFERENCE)
    bump_generation(CATALOGUE)


def reference_version() -> str:
    """The versions of the names cards and filters show, read with one round trip."""
    return ":".join(str(g) for g in generations(REFERENCE, "councils"))


def catalogue_changed(*args: Any, **kwargs: Any) -> None:
    """Forget the cached catalogue pages once the current transaction commits (at once outside one)."""
    transaction.on_commit(_bump)


def reference_changed(*args: Any, **kwargs: Any) -> None:
    transaction.on_commit(_bump_reference)


def connect_signals() -> None:
    from django.db.models.signals import post_delete, post_save

    from .models import Category, Initiative, InitiativePhoto, NationalProject, Support

    for model, receiver in (
        (Initiative, catalogue_changed), (Support, catalogue_changed), (InitiativePhoto, catalogue_changed),
        (Category, reference_changed), (NationalProject, reference_changed),
    ):
        for signal in (post_save, post_delete):
            signal.connect(
                receiver, sender=model, weak=False,
                dispatch_uid=f"initiatives-catalogue-{model.__name__}-{signal!r}",
            )
