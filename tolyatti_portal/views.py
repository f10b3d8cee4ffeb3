"""Portal-wide views: home page, health check, public media."""

from __future__ import annotations

from django.conf import settings
from django.db import connection
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.static import serve

from councils import selectors

# Files under this prefix (e.g. minutes of unpublished meetings) are served
# only through views that check publication, never by URL alone.
PRIVATE_MEDIA_PREFIX = "private/"


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "home.html", selectors.home_context())


@never_cache
def healthz(request: HttpRequest) -> JsonResponse:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1")
    return JsonResponse({"status": "ok", "database": connection.vendor})


def public_media(request: HttpRequest, path: str) -> HttpResponse:
    if path.startswith(PRIVATE_MEDIA_PREFIX) or ".." in path.split("/"):
        raise Http404
    return serve(request, path, document_root=settings.MEDIA_ROOT)
