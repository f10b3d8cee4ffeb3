from celery import shared_task


@shared_task
def refresh_figures() -> int:
    """Every five minutes: recompute the statistics so that no visitor waits for the aggregates."""
    from .selectors import refresh

    return refresh()
