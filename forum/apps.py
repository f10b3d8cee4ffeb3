from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ForumConfig(AppConfig):
    """The annual forum: models arrive with the «annual forum» issue."""

    name = "forum"
    verbose_name = _("Форум")
