"""The production settings, for fault tests that run gunicorn without collectstatic.

Only the static-files storage differs: the manifest storage needs `collectstatic`
(slow, and unrelated to faults); everything else — database timeouts by role,
Redis timeouts, the fail-soft cache, the 503 page, security middleware — is
production's own.
"""

from tolyatti_portal.settings.production import *  # noqa: F403
from tolyatti_portal.settings.production import STORAGES

STORAGES = {**STORAGES, "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"}}
WHITENOISE_AUTOREFRESH = True
