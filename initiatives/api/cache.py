"""Pages of the API's initiative list, kept until the public catalogue changes.

The list is the same for every client that asks for the same URL (host and scheme
included: `web_url` and the cursor links are absolute) in the same media type and
language: it shows public initiatives only, and a key's partner sees what an anonymous
client sees. A page's rendered JSON is therefore kept in the shared cache, tagged with
the generations read before the page was computed: the catalogue's
(initiatives.catalogue_cache — moved after the commit of any change to an initiative, a
support, a category or a national project, and by the bulk paths that bypass signals) and
the councils' (district and microdistrict slugs). A page whose tag is not the current
generations is a miss, so responses stay exact; `settings.API_LIST_CACHE_SECONDS` only
bounds memory and what no generation sees (a bump lost while the cache was unreachable).

Authentication, the key's scope, throttling and content negotiation still run for every
request in DRF's dispatch before the list is looked up here; the throttle's counter and the
lookup share one round trip to Redis (core.api.check_throttles_and_get).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Collection
from typing import Any

from django.conf import settings
from django.core.cache import cache
from django.http import HttpResponse
from django.utils import translation

from ..catalogue_cache import CATALOGUE

# Everything a page shows: the initiatives and their category and national project (the
# catalogue), the district and microdistrict slugs (the councils' registry).
GENERATION_KEYS = (f"generation:{CATALOGUE}", "generation:councils")  # core.sections_cache's naming
MAX_PARAM_LENGTH = 200


def enabled() -> bool:
    return settings.API_LIST_CACHE_SECONDS > 0


def page_key(request: Any, params: Collection[str]) -> str | None:
    """The cache key of this request's page, or None when it is not to be kept.

    A request with a parameter outside ``params`` (the list's own) or a very long value is
    answered but not kept, so random query strings cannot fill the cache.
    """
    if not enabled():
        return None
    for name, values in request.GET.lists():
        if name not in params or any(len(value) > MAX_PARAM_LENGTH for value in values):
            return None
    # The accepted media type may carry `indent=`; the absolute URI carries scheme, host and query.
    source = f"{request.accepted_media_type}\n{translation.get_language()}\n{request.build_absolute_uri()}"
    return f"api:initiatives:list:{hashlib.sha256(source.encode()).hexdigest()}"


def lookup_keys(key: str) -> list[str]:
    """What to read for the page under ``key``: the generations and the page, in one get_many."""
    return [*GENERATION_KEYS, key]


def _current_generations(found: dict[str, Any]) -> tuple[int, ...]:
    versions = []
    for key in GENERATION_KEYS:
        value = found.get(key)
        if value is None:
            # Not there yet, or evicted: start from the clock, never from a number an old page
            # may carry (a page tagged 1 must not come back when a counter restarts at 1).
            value = int(time.time() * 1000)
            if not cache.add(key, value, None):
                value = cache.get(key, value)
        versions.append(value)
    return tuple(versions)


def cached_page(key: str, found: dict[str, Any] | None, compute: Callable[[], Any]) -> HttpResponse:
    """The page under ``key`` if it was computed in the current generations, else ``compute()``'s, kept.

    ``found`` is what was read for `lookup_keys(key)` (None: read it now). ``compute()`` returns
    DRF's Response; it is stored once rendered, and only with status 200.
    """
    if found is None:
        found = cache.get_many(lookup_keys(key))
    versions = _current_generations(found)
    entry = found.get(key)
    if entry is not None and entry[0] == versions:
        _versions, content_type, content = entry
        return HttpResponse(content, content_type=content_type)
    response = compute()

    def store(rendered: Any) -> None:
        if rendered.status_code == 200:
            cache.set(key, (versions, rendered["Content-Type"], rendered.content), settings.API_LIST_CACHE_SECONDS)

    response.add_post_render_callback(store)
    return response
