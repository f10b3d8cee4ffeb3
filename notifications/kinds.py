"""The channels a notification reaches a person by. Kinds are registered by each app: see registry.py."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class Channel(models.TextChoices):
    EMAIL = "email", _("e-mail")
    IN_APP = "in_app", _("на портале")
