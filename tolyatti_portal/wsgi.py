"""WSGI entry point (gunicorn tolyatti_portal.wsgi)."""

import os

from django.core.wsgi import get_wsgi_application

os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tolyatti_portal.settings.production")

application = get_wsgi_application()
