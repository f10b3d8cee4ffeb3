"""Celery tasks of initiatives: they take ids and call services."""

from __future__ import annotations

from celery import shared_task

from .services.transitions import expire_overdue_initiatives


@shared_task(name="initiatives.tasks.expire_overdue")
def expire_overdue() -> int:
    """Daily: published initiatives whose deadline passed below the threshold become expired."""
    return expire_overdue_initiatives()


@shared_task(name="initiatives.tasks.weekly_digest")
def weekly_digest() -> int:
    """Mondays: one digest of the week's new initiatives per opted-in resident."""
    from .digest import emit_weekly_digests

    return emit_weekly_digests()
