from celery import shared_task


@shared_task
def refresh_figures() -> int:
    """Every five minutes: recompute the statistics so that no visitor waits for the aggregates."""
    from .selectors import refresh

    return refresh()


@shared_task
def write_open_data_dumps() -> int:
    """Every fifteen minutes: rebuild the open data files so that downloads are a file read."""
    from .dumps import write_all

    return len(write_all())
