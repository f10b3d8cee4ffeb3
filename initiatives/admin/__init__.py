"""Staff admin of initiatives: the moderation queue with actions calling the services,
comment moderation, reference data and the status log."""

from . import comments, initiative, reference  # noqa: F401  (registers the ModelAdmins)
