from celery import shared_task


@shared_task
def close_finished_discussions() -> int:
    """Daily: close discussions whose window has passed."""
    from .services import close_finished_discussions as close

    return close()
