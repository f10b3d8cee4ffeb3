"""The partner API, /api/v1/: wiring only — each app keeps its serializers and views in its own api/."""

from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerView

from partners.api.views import api_not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    path("docs/", SpectacularSwaggerView.as_view(url_name="api_schema"), name="api_docs"),
    path("redoc/", SpectacularRedocView.as_view(url_name="api_schema"), name="api_redoc"),
    path("", include("councils.api.urls")),
    path("", include("initiatives.api.urls")),
    path("", include("forum.api.urls")),
    path("", include("partners.api.urls")),
    # Unknown addresses under /api/v1/ answer JSON, not the site's HTML 404 page.
    re_path(r"^.*$", api_not_found),
]
