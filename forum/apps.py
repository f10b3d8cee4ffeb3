from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    """The annual forum: editions and programme, registration, resolutions and their progress, topics."""

    name = "forum"
    verbose_name = _("Форум")

    def ready(self) -> None:
        # Registers the forum's sections of the personal-data export and its account-deletion eraser,
        # and the notifications resolver that lists a forum's participants for the day-before reminder.
        from . import events, personal_data  # noqa: F401
