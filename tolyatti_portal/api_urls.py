"""The partner API, /api/v1/: wiring only — each app keeps its serializers and views in its own api/."""

from csp.decorators import csp_update
from django.urls import include, path, re_path
from drf_spectacular.views import SpectacularAPIView, SpectacularRedocView, SpectacularSwaggerSplitView

from partners.api.views import api_not_found

urlpatterns = [
    path("schema/", SpectacularAPIView.as_view(), name="api_schema"),
    # The split view serves Swagger UI's start-up script from a URL: no inline script (CSP).
    path("docs/", SpectacularSwaggerSplitView.as_view(url_name="api_schema"), name="api_docs"),
    # Redoc writes its styles at run time (styled-components) and searches in a worker made from
    # a blob: this page alone allows inline styles and blob: workers; scripts stay the portal's own.
    path("redoc/", csp_update({"style-src": ["'unsafe-inline'"], "worker-src": ["'self'", "blob:"]})(
        SpectacularRedocView.as_view(url_name="api_schema")), name="api_redoc"),
    path("", include("councils.api.urls")),
    path("", include("initiatives.api.urls")),
    path("", include("forum.api.urls")),
    path("", include("partners.api.urls")),
    # Unknown addresses under /api/v1/ answer JSON, not the site's HTML 404 page.
    re_path(r"^.*$", api_not_found),
]
