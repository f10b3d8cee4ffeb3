"""Settings shared by every environment.

Everything that differs between a laptop, CI and production comes from the
environment through django-environ; see the table in README.md.
"""

import os
import sys
from datetime import timedelta
from pathlib import Path

import environ
from celery.schedules import crontab
from django.utils.translation import gettext_lazy as _

from .roles import apply_database_timeouts, celery_redis_settings, process_role
from .storage import media_storages

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
# A local .env is a convenience for developers; production passes real variables.
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)

SECRET_KEY = env.str("DJANGO_SECRET_KEY", default="")
DEBUG = env.bool("DJANGO_DEBUG", default=False)
ALLOWED_HOSTS: list[str] = env.list("DJANGO_ALLOWED_HOSTS", default=[])
# Absolute links in e-mails (confirmations, invitations) are built from this.
SITE_URL: str = env.str("SITE_URL", default="http://127.0.0.1:8000")
CSRF_TRUSTED_ORIGINS: list[str] = env.list("DJANGO_CSRF_TRUSTED_ORIGINS", default=[])

INSTALLED_APPS = [
    # Translated reference data (each app's translation.py); before the admin, as it patches its forms.
    "modeltranslation",
    # django.contrib.admin with the portal's site: allauth's throttled login, MFA for staff.
    "accounts.admin_apps.PortalAdminConfig",
    "django.contrib.auth",
    "django.contrib.contenttypes",
    "django.contrib.sessions",
    "django.contrib.messages",
    "whitenoise.runserver_nostatic",
    "django.contrib.staticfiles",
    "django.contrib.humanize",
    "django.contrib.postgres",
    "allauth",
    "allauth.account",
    "allauth.mfa",
    "csp",
    "rest_framework",
    "django_filters",
    "drf_spectacular",
    "drf_spectacular_sidecar",
    "rest_framework_api_key",
    "django_celery_beat",
    "health_check",
    "core",
    "accounts",
    "councils",
    "initiatives",
    "forum",
    "notifications",
    "partners",
    "acts",
    "practices",
    "workplan",
    "stats",
    "demo",
]

MIDDLEWARE = [
    "django.middleware.security.SecurityMiddleware",
    "core.security_headers.PortalCSPMiddleware",
    "core.security_headers.PermissionsPolicyMiddleware",
    "whitenoise.middleware.WhiteNoiseMiddleware",
    "django.contrib.sessions.middleware.SessionMiddleware",
    "django.middleware.locale.LocaleMiddleware",
    "django.middleware.common.CommonMiddleware",
    "django.middleware.csrf.CsrfViewMiddleware",
    "django.contrib.auth.middleware.AuthenticationMiddleware",
    "accounts.middleware.PreferredLanguageMiddleware",
    "django.contrib.messages.middleware.MessageMiddleware",
    "django.middleware.clickjacking.XFrameOptionsMiddleware",
    "allauth.account.middleware.AccountMiddleware",
]

ROOT_URLCONF = "tolyatti_portal.urls"
WSGI_APPLICATION = "tolyatti_portal.wsgi.application"

TEMPLATES = [
    {
        "BACKEND": "django.template.backends.django.DjangoTemplates",
        "DIRS": [BASE_DIR / "templates"],
        "APP_DIRS": True,
        "OPTIONS": {
            "context_processors": [
                "django.template.context_processors.request",
                "django.template.context_processors.i18n",
                "django.contrib.auth.context_processors.auth",
                "django.contrib.messages.context_processors.messages",
                "notifications.context_processors.unread_notifications",
                "core.accessibility.context_processor",
                "core.maps.context_processor",
            ],
        },
    },
]

# The embedded default is a SQLite file next to manage.py so that `make run`
# works on a machine with nothing installed; production and CI pass PostgreSQL.
DATABASES = {
    "default": env.db_url("DATABASE_URL", default=f"sqlite:///{BASE_DIR / 'db.sqlite3'}"),
}
DATABASES["default"].setdefault("CONN_MAX_AGE", env.int("DATABASE_CONN_MAX_AGE", default=60))
DATABASES["default"]["CONN_HEALTH_CHECKS"] = True

# web | worker | migrate (tolyatti_portal/settings/roles.py): guessed from the command line
# unless set; it chooses statement and lock timeouts and how long Redis may take to answer.
PROCESS_ROLE = process_role(env.str("PROCESS_ROLE", default=""), sys.argv)
DATABASE_TIMEOUT_OVERRIDES = {
    "statement_timeout": env.int("DATABASE_STATEMENT_TIMEOUT_MS", default=None),
    "lock_timeout": env.int("DATABASE_LOCK_TIMEOUT_MS", default=None),
}
apply_database_timeouts(DATABASES["default"], PROCESS_ROLE, DATABASE_TIMEOUT_OVERRIDES)
DEFAULT_AUTO_FIELD = "django.db.models.BigAutoField"

REDIS_URL: str = env.str("REDIS_URL", default="")

# A cache must answer in a fraction of a second or be treated as a miss: a silent
# (frozen) Redis otherwise holds every request on a socket read. No retries: the
# request goes on without the cache instead of trying again.
CACHE_REDIS_TIMEOUT = env.float("CACHE_REDIS_TIMEOUT", default=0.25)

if REDIS_URL:
    CACHES = {
        "default": {
            # Errors are misses, logged once a minute (core/cache.py).
            "BACKEND": "core.cache.FailSoftRedisCache",
            "LOCATION": REDIS_URL,
            "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="tolyatti"),
            "OPTIONS": {
                "socket_connect_timeout": CACHE_REDIS_TIMEOUT,
                "socket_timeout": CACHE_REDIS_TIMEOUT,
                "retry_on_timeout": False,
            },
        }
    }
else:
    CACHES = {"default": {"BACKEND": "django.core.cache.backends.locmem.LocMemCache"}}
# Template fragments ({% cache … using="fragments" %}) share the default store; tests turn them off.
CACHES["fragments"] = {**CACHES["default"], "KEY_PREFIX": env.str("CACHE_KEY_PREFIX", default="tolyatti") + "-frag"}

AUTH_USER_MODEL = "accounts.User"
AUTHENTICATION_BACKENDS = [
    "django.contrib.auth.backends.ModelBackend",
    "allauth.account.auth_backends.AuthenticationBackend",
]
AUTH_PASSWORD_VALIDATORS = [
    {"NAME": "django.contrib.auth.password_validation.UserAttributeSimilarityValidator"},
    {"NAME": "django.contrib.auth.password_validation.MinimumLengthValidator", "OPTIONS": {"min_length": 10}},
    {"NAME": "django.contrib.auth.password_validation.CommonPasswordValidator"},
    {"NAME": "django.contrib.auth.password_validation.NumericPasswordValidator"},
]
LOGIN_URL = "account_login"
LOGIN_REDIRECT_URL = "accounts:profile"
LOGOUT_REDIRECT_URL = "home"

# django-allauth: login by e-mail only, confirmed before the account is usable.
ACCOUNT_LOGIN_METHODS = {"email"}
ACCOUNT_SIGNUP_FIELDS = ["email*", "password1*", "password2*"]
ACCOUNT_USER_MODEL_USERNAME_FIELD = None
ACCOUNT_UNIQUE_EMAIL = True
ACCOUNT_EMAIL_VERIFICATION = "mandatory"
ACCOUNT_CONFIRM_EMAIL_ON_GET = False
ACCOUNT_LOGIN_ON_EMAIL_CONFIRMATION = True
ACCOUNT_LOGOUT_ON_PASSWORD_CHANGE = False
ACCOUNT_SESSION_REMEMBER = None
# No page tells whether an address has an account: password reset answers the same for any
# address, and a sign-up with a confirmed owner's address shows the usual «check your mail» page
# while the owner gets a letter that an account already exists. An address held only by
# unconfirmed claims never blocks a sign-up (accounts.email_claims).
ACCOUNT_PREVENT_ENUMERATION = True
# One address per account; a new one replaces it only once confirmed from its mailbox.
ACCOUNT_CHANGE_EMAIL = True
ACCOUNT_EMAIL_SUBJECT_PREFIX = _("[Самоуправление Тольятти] ")
ACCOUNT_FORMS = {"signup": "accounts.forms.SignupForm"}
ACCOUNT_ADAPTER = "accounts.adapters.AccountAdapter"
ACCOUNT_DEFAULT_HTTP_PROTOCOL = env.str("ACCOUNT_DEFAULT_HTTP_PROTOCOL", default="http")
# Failed logins (accounts.adapters.AccountAdapter): at most 10 a minute from one address; 5 in
# 15 minutes for one account from one address (the "key" is account + address, so a stranger
# cannot lock the owner out from elsewhere); 30 an hour for one account from all addresses
# together (a brute force spread over many addresses). A password reset lifts the last two.
ACCOUNT_RATE_LIMITS = {
    "login_failed": "10/m/ip,5/15m/key",
    "login_failed_account": "30/h/key",
}

# Second factor (allauth.mfa): TOTP with recovery codes; required for the admin (accounts.admin_site).
MFA_SUPPORTED_TYPES = ["totp", "recovery_codes"]
MFA_TOTP_ISSUER = "Самоуправление Тольятти"

# Reverse proxies in front of the portal (core.client_ip): how many of ours append to
# X-Forwarded-For, or a header one of them sets to the client's address. Every per-address
# limit (allauth's and django-ratelimit's) counts the address found this way.
ALLAUTH_TRUSTED_PROXY_COUNT = env.int("TRUSTED_PROXY_COUNT", default=0)
ALLAUTH_TRUSTED_CLIENT_IP_HEADER = env.str("TRUSTED_CLIENT_IP_HEADER", default="") or None
RATELIMIT_IP_META_KEY = "core.client_ip.client_ip"

LANGUAGE_CODE = "ru"
LANGUAGES = [("ru", _("Русский")), ("en", _("English"))]
LOCALE_PATHS = [BASE_DIR / "locale"]
TIME_ZONE = "Europe/Samara"
USE_I18N = True
USE_TZ = True
LANGUAGE_COOKIE_NAME = "portal_language"
LANGUAGE_COOKIE_AGE = 60 * 60 * 24 * 365
# Reference data in both languages (django-modeltranslation): `name` becomes `name_ru` and `name_en`;
# an English page shows `name_en` when it is filled and the Russian otherwise. Each app registers
# its fields in `<app>/translation.py`; the original column keeps the Russian (core.i18n).
MODELTRANSLATION_DEFAULT_LANGUAGE = "ru"
MODELTRANSLATION_LANGUAGES = ("ru", "en")
# A row that somehow has no Russian (saved by code with English active) shows its English rather than nothing.
MODELTRANSLATION_FALLBACK_LANGUAGES = {"default": ("ru",), "ru": ("en",)}
# Slugs are prepopulated in the admin from the Russian name, whatever the staff member's language.
MODELTRANSLATION_PREPOPULATE_LANGUAGE = "ru"

STATIC_URL = "/static/"
STATICFILES_DIRS = [BASE_DIR / "static"]
STATIC_ROOT = Path(env.str("STATIC_ROOT", default=str(BASE_DIR / "staticfiles")))
MEDIA_URL = "/media/"
MEDIA_ROOT = Path(env.str("MEDIA_ROOT", default=str(BASE_DIR / "media")))
# Never-public files (minutes, unpublished initiatives' files) on local disk: outside
# MEDIA_ROOT, so neither Django's /media/ view nor a proxy serving MEDIA_ROOT can reach them.
PRIVATE_MEDIA_ROOT = Path(env.str("PRIVATE_MEDIA_ROOT", default=str(BASE_DIR / "private-media")))
# "local" (default: the embedded set-up) or "s3" (an S3-compatible bucket; see settings/storage.py).
MEDIA_STORAGE = env.str("MEDIA_STORAGE", default="local")
STORAGES = {
    **media_storages(MEDIA_STORAGE, os.environ),
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
# Minutes and charters are PDFs of a few MB; larger uploads are refused early.
DATA_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_MAX_MEMORY_SIZE = 5 * 1024 * 1024
FILE_UPLOAD_PERMISSIONS = 0o644

DEFAULT_FROM_EMAIL = env.str("DEFAULT_FROM_EMAIL", default="Самоуправление Тольятти <noreply@localhost>")
SERVER_EMAIL = env.str("SERVER_EMAIL", default=DEFAULT_FROM_EMAIL)
# Django's SMTP backend that also tells when a failed send may have been delivered.
EMAIL_BACKEND = env.str("EMAIL_BACKEND", default="notifications.mail.SMTPBackend")
EMAIL_HOST = env.str("EMAIL_HOST", default="localhost")
EMAIL_PORT = env.int("EMAIL_PORT", default=25)
EMAIL_HOST_USER = env.str("EMAIL_HOST_USER", default="")
EMAIL_HOST_PASSWORD = env.str("EMAIL_HOST_PASSWORD", default="")
EMAIL_USE_TLS = env.bool("EMAIL_USE_TLS", default=False)
EMAIL_USE_SSL = env.bool("EMAIL_USE_SSL", default=False)
# Bounds each SMTP exchange; the outbox's stale-claim window is a multiple of it.
EMAIL_TIMEOUT = env.int("EMAIL_TIMEOUT", default=10)
EMAIL_FILE_PATH = env.str("EMAIL_FILE_PATH", default=str(BASE_DIR / "var" / "mail"))

# Celery. Without REDIS_URL tasks run in-process so the portal needs nothing
# else installed; with it, Redis is broker and result backend.
CELERY_BROKER_URL = REDIS_URL or "memory://localhost/"
CELERY_RESULT_BACKEND = REDIS_URL or "cache+memory://"
CELERY_TASK_ALWAYS_EAGER = not REDIS_URL
CELERY_TASK_EAGER_PROPAGATES = True
CELERY_ACCEPT_CONTENT = ["json"]
CELERY_TASK_SERIALIZER = "json"
CELERY_RESULT_SERIALIZER = "json"
CELERY_RESULT_EXPIRES = timedelta(days=1)
CELERY_TIMEZONE = TIME_ZONE
CELERY_TASK_TIME_LIMIT = env.int("CELERY_TASK_TIME_LIMIT", default=300)
CELERY_TASK_SOFT_TIME_LIMIT = env.int("CELERY_TASK_SOFT_TIME_LIMIT", default=240)
# acks_late + prefetch 1: a task a worker dies on is redelivered instead of lost,
# and one slow task does not hold others hostage in a worker's buffer.
CELERY_TASK_ACKS_LATE = True
CELERY_TASK_REJECT_ON_WORKER_LOST = True
CELERY_WORKER_PREFETCH_MULTIPLIER = 1
# Redis redelivers unacked messages after the visibility timeout; it must exceed
# the longest task time limit and countdown, or a running task is started twice.
# Timeouts and retries depend on the role (roles.celery_redis_settings): a web request
# never waits more than a fraction of a second for the broker; outbox tasks store no result.
_celery_redis = celery_redis_settings(PROCESS_ROLE)
CELERY_BROKER_TRANSPORT_OPTIONS = {
    "visibility_timeout": env.int("CELERY_VISIBILITY_TIMEOUT", default=3600),
    **_celery_redis["broker_transport_options"],
}
CELERY_BROKER_CONNECTION_TIMEOUT = _celery_redis["broker_connection_timeout"]
CELERY_BROKER_CONNECTION_MAX_RETRIES = _celery_redis["broker_connection_max_retries"]
CELERY_RESULT_BACKEND_TRANSPORT_OPTIONS = _celery_redis["result_backend_transport_options"]
CELERY_REDIS_SOCKET_CONNECT_TIMEOUT = _celery_redis["redis_socket_connect_timeout"]
CELERY_REDIS_SOCKET_TIMEOUT = _celery_redis["redis_socket_timeout"]
CELERY_BROKER_CONNECTION_RETRY_ON_STARTUP = True
CELERY_BEAT_SCHEDULER = "django_celery_beat.schedulers:DatabaseScheduler"
CELERY_BEAT_SCHEDULE = {
    "clear-expired-sessions": {
        "task": "accounts.tasks.clear_expired_sessions",
        "schedule": crontab(hour=3, minute=17),
    },
    "partners-webhooks-sweep": {
        "task": "partners.tasks.webhooks_sweep",
        "schedule": 60.0,
    },
    "notifications-sweep": {
        "task": "notifications.tasks.sweep",
        "schedule": 60.0,
        # A sweep that waited behind a blocked pool is dropped: the next one does its work.
        # (django-celery-beat's DatabaseScheduler reads expire_seconds.)
        "options": {"expire_seconds": 55},
    },
    "notifications-weekly-digest": {
        "task": "initiatives.tasks.weekly_digest",
        "schedule": crontab(day_of_week="mon", hour=9, minute=0),
    },
    "expire-overdue-initiatives": {
        "task": "initiatives.tasks.expire_overdue",
        "schedule": crontab(hour=0, minute=5),
    },
    # Local time (CELERY_TIMEZONE): mid-morning, when a letter about tomorrow is read the same day.
    "forum-reminders": {
        "task": "forum.tasks.send_reminders",
        "schedule": crontab(hour=10, minute=0),
    },
    "forum-resolution-deadlines": {
        "task": "forum.tasks.resolution_deadlines",
        "schedule": crontab(hour=9, minute=30),
    },
    "stats-open-data-dumps": {
        "task": "stats.tasks.write_open_data_dumps",
        "schedule": 900.0,
    },
    "stats-refresh-figures": {
        "task": "stats.tasks.refresh_figures",
        "schedule": 300.0,
    },
    "acts-close-finished-discussions": {
        "task": "acts.tasks.close_finished_discussions",
        "schedule": crontab(hour=0, minute=10),
    },
}

# The sweep leaves fresh rows to the task enqueued on commit, so both rarely race
# (and when they do, the claim makes the second one a no-op).
NOTIFICATIONS_SWEEP_GRACE_SECONDS = env.int("NOTIFICATIONS_SWEEP_GRACE_SECONDS", default=30)
# A delivery task stops claiming new e-mails after this long and hands the rest on.
NOTIFICATIONS_BATCH_SECONDS = env.int("NOTIFICATIONS_BATCH_SECONDS", default=60)
# Readiness fails when an e-mail has waited this long (see tolyatti_portal/health.py).
NOTIFICATIONS_MAX_PENDING_AGE_SECONDS = env.int("NOTIFICATIONS_MAX_PENDING_AGE_SECONDS", default=900)

# Whole pages for visitors without a session (see tolyatti_portal/caching.py).
ANONYMOUS_PAGE_CACHE_SECONDS = env.int("ANONYMOUS_PAGE_CACHE_SECONDS", default=30)
# How long the initiative list keeps a count of matching rows (initiatives/pagination.py); 0 counts every time.
INITIATIVE_COUNT_CACHE_SECONDS = env.int("INITIATIVE_COUNT_CACHE_SECONDS", default=60)

REST_FRAMEWORK = {
    "DEFAULT_SCHEMA_CLASS": "drf_spectacular.openapi.AutoSchema",
    # Partners authenticate with a key (`Authorization: Api-Key <key>`); reading public data needs none.
    "DEFAULT_AUTHENTICATION_CLASSES": ["partners.api.authentication.PartnerKeyAuthentication"],
    "DEFAULT_PERMISSION_CLASSES": ["partners.api.permissions.PublicRead"],
    "DEFAULT_FILTER_BACKENDS": ["django_filters.rest_framework.DjangoFilterBackend"],
    "DEFAULT_PAGINATION_CLASS": "core.api.CursorPagination",
    "DEFAULT_RENDERER_CLASSES": ["rest_framework.renderers.JSONRenderer"],
    "DEFAULT_PARSER_CLASSES": ["rest_framework.parsers.JSONParser"],
    "DEFAULT_THROTTLE_CLASSES": ["core.api.KeyRateThrottle", "core.api.AnonRateThrottle"],
    "EXCEPTION_HANDLER": "core.api.exception_handler",
    "UNAUTHENTICATED_USER": "django.contrib.auth.models.AnonymousUser",
    "PAGE_SIZE": 20,
}
# Requests per minute: anonymous clients per address, partners per key.
API_THROTTLE_RATES = {
    "anon": env.str("API_THROTTLE_ANON", default="60/min"),
    "key": env.str("API_THROTTLE_KEY", default="600/min"),
}
# Pages of the API's initiative list are kept in the cache until the catalogue changes
# (initiatives/api/cache.py); this only bounds how long an unchanged page stays. 0: not kept.
API_LIST_CACHE_SECONDS = env.int("API_LIST_CACHE_SECONDS", default=60)
SPECTACULAR_SETTINGS = {
    "TITLE": "Самоуправление Тольятти API",
    "DESCRIPTION": (
        "Открытые данные портала и API партнёров: реестры, инициативы, форум, программы и предложения "
        "поддержки. Чтение — без ключа (с ограничением частоты), запись — с ключом партнёра "
        "(`Authorization: Api-Key <ключ>`).\n\n"
        "Open data of the portal and the partner API: registries, initiatives, the forum, programmes and "
        "pledges. Reading needs no key (rate-limited); writing needs a partner's key."
    ),
    "VERSION": "1.0.0",
    "SERVE_INCLUDE_SCHEMA": False,
    "SWAGGER_UI_DIST": "SIDECAR",
    "SWAGGER_UI_FAVICON_HREF": "SIDECAR",
    "REDOC_DIST": "SIDECAR",
    "SCHEMA_PATH_PREFIX": r"/api/v1",
    "COMPONENT_SPLIT_REQUEST": True,
    "ENUM_NAME_OVERRIDES": {
        "InitiativeStatusEnum": "initiatives.models.Initiative.Status",
        "PledgeStatusEnum": "partners.models.Pledge.Status",
        "PledgeKindEnum": "partners.models.Pledge.Kind",
        "PartnerKindEnum": "partners.models.PartnerOrganization.Kind",
        "ApplicationStatusEnum": "partners.models.ProgrammeApplication.Status",
        "CouncilKindEnum": "councils.models.Council.Kind",
        "TOSStatusEnum": "councils.models.TOS.Status",
        "ResolutionItemStatusEnum": "forum.models.ResolutionItem.Status",
        "ResolutionItemKindEnum": "forum.models.ResolutionItem.Kind",
        "ForumEditionStatusEnum": "forum.models.ForumEdition.Status",
    },
}

# Webhooks: production accepts only https endpoints on public addresses; tests set this to
# True to let a receiver on 127.0.0.1 take deliveries.
WEBHOOKS_ALLOW_PRIVATE = False

SESSION_COOKIE_AGE = 60 * 60 * 24 * 14

LOGGING = {
    "version": 1,
    "disable_existing_loggers": False,
    "formatters": {"plain": {"format": "%(asctime)s %(levelname)s %(name)s: %(message)s"}},
    "handlers": {"console": {"class": "logging.StreamHandler", "formatter": "plain"}},
    "root": {"handlers": ["console"], "level": env.str("LOG_LEVEL", default="INFO")},
    "loggers": {"django.db.backends": {"level": "WARNING"}},
}

# --- Security headers ---------------------------------------------------------------------------
# Content-Security-Policy (django-csp; core.security_headers.PortalCSPMiddleware): scripts, styles,
# fonts and requests only from the portal itself — no inline <script>, no inline style, no CDN
# (static/ ships every asset) — and images from the portal, data: URIs (the QR code of the TOTP
# set-up) and the map's tile server, which the middleware adds from MAP_TILE_URL (else OSM's).
CONTENT_SECURITY_POLICY = {
    "DIRECTIVES": {
        "default-src": ["'self'"],
        "script-src": ["'self'"],
        "style-src": ["'self'"],
        "img-src": ["'self'", "data:"],
        "font-src": ["'self'"],
        "connect-src": ["'self'"],
        "object-src": ["'none'"],
        "base-uri": ["'self'"],
        "form-action": ["'self'"],
        "frame-ancestors": ["'none'"],
    },
}
# Permissions-Policy (core.security_headers): the portal uses none of these browser features
# except copying a link (clipboard) and, on a map, the visitor's own location.
PERMISSIONS_POLICY: dict[str, list[str]] = {
    "camera": [],
    "microphone": [],
    "geolocation": ["self"],
    "payment": [],
    "usb": [],
    "display-capture": [],
    "autoplay": [],
    "fullscreen": ["self"],
    "clipboard-write": ["self"],
}

# --- Map tiles ------------------------------------------------------------------------------------
# The tile server the maps load from, and its attribution (HTML, shown on the map). OpenStreetMap's
# own server by default; a city may point these at its own or a commercial server (its origin goes
# into the Content-Security-Policy by itself, see core.security_headers). The tile server sees each
# visitor's IP address: the consent text says so (templates/accounts/consent.html).
MAP_TILE_URL = env.str("MAP_TILE_URL", default="https://tile.openstreetmap.org/{z}/{x}/{y}.png")
# Empty: OpenStreetMap's attribution, in the page's language (its licence requires it with its tiles).
MAP_TILE_ATTRIBUTION = env.str("MAP_TILE_ATTRIBUTION", default="")

# Labels without a trailing colon (core/forms.py).
FORM_RENDERER = "core.forms.PortalFormRenderer"

