"""The project's URLs plus two benchmark-only views; the project's own URLs stay untouched.

`/__bench_bare__` is a minimal view through the same WSGI handler and the whole middleware
chain as the real pages (sessions, locale, CSRF, auth, messages, security headers), so the
difference between it and a page is what that page's own view, queries and template cost.

`/__bench_cached_list__` is an experiment, not a proposal of code: the real catalogue view
behind a 60-second per-URL cache for anonymous visitors, to measure what a cache hit of the
list would cost. It ignores what a real page cache must handle — the CSRF token of the
language switch embedded in every page, messages, the logged-in header — see bench/README.md.
"""

from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.urls import path
from django.utils.translation import get_language

from initiatives.views import public
from tolyatti_portal.urls import urlpatterns as project_urlpatterns

CACHE_SECONDS = 60


def bare(request: HttpRequest) -> HttpResponse:
    # Reads the session and the user as every page does, so that for a logged-in resident
    # the baseline includes the session and user queries (the issue: "a bare Django view
    # that reads the same session"); for an anonymous visitor there is no session to read.
    return HttpResponse("ok" if request.user.is_authenticated else "anonymous", content_type="text/plain")


def cached_list(request: HttpRequest) -> HttpResponse:
    if request.user.is_authenticated:
        return public.initiative_list(request)
    key = f"bench:list:{get_language()}:{request.GET.urlencode()}"
    content = cache.get(key)
    if content is None:
        response = public.initiative_list(request)
        if response.status_code != 200:
            return response
        content = response.content
        cache.set(key, content, CACHE_SECONDS)
    return HttpResponse(content, content_type="text/html; charset=utf-8")


urlpatterns = [
    path("__bench_bare__", bare, name="bench_bare"),
    path("__bench_cached_list__", cached_list, name="bench_cached_list"),
    *project_urlpatterns,
]
