"""Test settings: the same database and Redis as configured, fast hashing, no real mail."""

from .base import *  # noqa: F403
from .base import BASE_DIR, CACHES, env
from .storage import media_storages

DEBUG = False
SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="test-only-secret-key-not-for-production-use-000")
ALLOWED_HOSTS = ["testserver", "localhost", "127.0.0.1"]
PASSWORD_HASHERS = ["django.contrib.auth.hashers.MD5PasswordHasher"]
EMAIL_BACKEND = "django.core.mail.backends.locmem.EmailBackend"
# Unit tests run tasks in-process even when Redis is configured; tests that need
# a real worker start one explicitly.
CELERY_TASK_ALWAYS_EAGER = True
# Each test gets its own MEDIA_ROOT (tests/conftest.py); this is only the fallback.
MEDIA_ROOT = env.path("MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-media"))
PRIVATE_MEDIA_ROOT = env.path("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "var" / "test-private-media"))
# Tests use local disk whatever MEDIA_STORAGE says; the S3 path has its own test (tests/test_s3_storage.py).
STORAGES = {
    **media_storages("local", {}),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Rate limits are tested explicitly where they matter; elsewhere they'd make
# test order matter through the shared cache.
ACCOUNT_RATE_LIMITS = False
# Tests read pages right after changing data; the page and fragment caches have their own tests.
ANONYMOUS_PAGE_CACHE_SECONDS = 0
API_LIST_CACHE_SECONDS = 0
INITIATIVE_COUNT_CACHE_SECONDS = 0
CACHES = {**CACHES, "fragments": {"BACKEND": "django.core.cache.backends.dummy.DummyCache"}}
# No collectstatic in tests: let WhiteNoise look files up on demand instead of
# scanning a STATIC_ROOT that does not exist.
WHITENOISE_AUTOREFRESH = True
# API throttles are tested on their own (tests/partners/test_api_throttling.py) with low rates.
API_THROTTLE_RATES = {"anon": "100000/min", "key": "100000/min"}
