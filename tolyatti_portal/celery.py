"""Celery application shared by the web process, workers and beat."""

import os

from celery import Celery

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tolyatti_portal.settings.dev")

app = Celery("tolyatti_portal")
# All Celery options live in Django settings under the CELERY_ prefix, so one
# environment (REDIS_URL or its absence) decides broker, results and eagerness.
app.config_from_object("django.conf:settings", namespace="CELERY")
app.autodiscover_tasks()
