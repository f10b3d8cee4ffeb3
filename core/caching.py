"""Short-lived caching of whole pages for anonymous visitors.

Most visitors of the initiative list, map and pages are not logged in, and
their pages are the same for everyone who reads the same language. Those are
kept for ANONYMOUS_PAGE_CACHE_SECONDS (support counts may lag that long for
them). Anyone with a session or a pending message — everything personal — is
always served fresh, and a page that needed a CSRF token is never stored.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable
from functools import wraps

from django.conf import settings
from django.core.cache import cache
from django.http import HttpRequest, HttpResponse
from django.utils import translation

View = Callable[..., HttpResponse]

# «messages»: a pending flash message; «a11y»: the version for the visually impaired changes the page.
_PERSONAL_COOKIES = ("messages", "a11y")


# Query parameters a cached page may carry: anything else (random strings to flood the
# cache) is served uncached. A long search text is not cached either.
ALLOWED_PARAMS = frozenset({"q", "category", "district", "microdistrict", "status", "national_project", "sort", "page"})
MAX_PARAM_LENGTH = 200


def _cacheable_request(request: HttpRequest) -> bool:
    if request.method not in ("GET", "HEAD"):
        return False
    if any(name not in ALLOWED_PARAMS or len(value) > MAX_PARAM_LENGTH
           for name, values in request.GET.lists() for value in values):
        return False
    cookies = request.COOKIES
    return settings.SESSION_COOKIE_NAME not in cookies and not any(name in cookies for name in _PERSONAL_COOKIES)


def _key(request: HttpRequest) -> str:
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    return f"anon-page:{translation.get_language()}:{digest}"


def cache_for_anonymous(view: View) -> View:
    @wraps(view)
    def wrapper(request: HttpRequest, *args, **kwargs) -> HttpResponse:
        seconds = settings.ANONYMOUS_PAGE_CACHE_SECONDS
        if seconds <= 0 or not _cacheable_request(request):
            return view(request, *args, **kwargs)
        key = _key(request)
        cached = cache.get(key)
        if cached is not None:
            content, content_type = cached
            response = HttpResponse(content, content_type=content_type)
            response["Content-Language"] = translation.get_language()
            return response
        response = view(request, *args, **kwargs)
        if (
            response.status_code == 200
            and not response.streaming
            and not request.META.get("CSRF_COOKIE_NEEDS_UPDATE")
            and not response.cookies
        ):
            cache.set(key, (response.content, response["Content-Type"]), seconds)
        return response

    return wrapper
