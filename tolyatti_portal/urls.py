from django.conf import settings
from django.contrib import admin
from django.urls import include, path
from django.utils.translation import gettext_lazy as _

from . import health, views

# A dependency that is down (database, Redis, SMTP) answers 503 with a friendly page.
handler500 = "tolyatti_portal.views.server_error"

admin.site.site_header = _("Самоуправление Тольятти — администрирование")
admin.site.site_title = _("Самоуправление Тольятти")
admin.site.index_title = _("Реестры и модерация")

urlpatterns = [
    path("", views.home, name="home"),
    # Liveness (the process answers) and readiness (every dependency), see health.py.
    path("healthz", health.liveness, name="healthz"),
    # Browsers and crawlers ask for /favicon.ico whatever the page's <link rel="icon"> says.
    path("favicon.ico", views.favicon),
    path("readyz", health.ReadinessView.as_view(), name="readyz"),
    path("admin/", admin.site.urls),
    path("accounts/", include("accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("i18n/", include("django.conf.urls.i18n")),
    path("language/<str:code>/", views.switch_language, name="switch_language"),
    path("accessibility/", views.accessibility, name="accessibility"),
    path("notifications/", include("notifications.urls")),
    path("initiatives/", include("initiatives.urls")),
    path("forum/", include("forum.urls")),
    path("acts/", include("acts.urls")),
    path("practices/", include("practices.urls")),
    path("plan/", include("workplan.urls")),
    path("", include("stats.urls")),
    path("partners/", include("partners.urls")),
    path("api/v1/", include("tolyatti_portal.api_urls")),
    path("", include("councils.urls")),
]

# Public uploads (charters, photos) are served by the portal itself so that one
# gunicorn is a complete deployment; a reverse proxy may take this over. Private
# files (minutes of unpublished meetings) are refused here, see public_media.
urlpatterns += [
    path(f"{settings.MEDIA_URL.strip('/')}/<path:path>", views.public_media, name="media"),
]
