"""Local development (`make run`): SQLite and in-process tasks unless told otherwise."""

from .base import *  # noqa: F403
from .base import BASE_DIR, env

DEBUG = env.bool("DJANGO_DEBUG", default=True)
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="dev-only-insecure-key-do-not-use-in-production")
ALLOWED_HOSTS = env.list("DJANGO_ALLOWED_HOSTS", default=["127.0.0.1", "localhost", "[::1]"])

# Letters (confirmations, password resets) land as files under var/mail/ so a
# developer can open the confirmation link without a mail server.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="django.core.mail.backends.filebased.EmailBackend")
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))

# Links in letters, CSV and .ics files point where `make run` serves: HOST and PORT (as in
# `PORT=8080 make run`), unless SITE_URL says otherwise.
_HOST, _PORT = env.str("HOST", default="127.0.0.1"), env.str("PORT", default="8000")
SITE_URL = env.str("SITE_URL", default=f"http://{_HOST}:{_PORT}")
