"""Pages of the API's initiative list, kept until the public catalogue changes.

The list is the same for every client that asks for the same URL (host and scheme
included: `web_url` and the cursor links are absolute) in the same media type and
language: it shows public initiatives only, and a key's partner sees what an anonymous
client sees. A page's rendered JSON is therefore kept in the shared cache, tagged with
the *generation* of the catalogue read before the page was computed. The generation is a
counter that every change which can alter a page bumps (`connect()`, from
initiatives.apps): an initiative saved or deleted (publication, status, texts, edits in
the admin), a support added or withdrawn (the counter itself is a queryset update, but
the Support row's signal fires in the same transaction), and a category's, national
project's, district's or microdistrict's slug. The bump happens at once and again after
the transaction commits, so a page computed from data read before the commit is never
served under the new generation. A page whose generation is not the current one is a
miss: responses stay exact; CACHE_SECONDS only bounds memory, and what no signal sees
(bulk loads of the demo data, a bump lost while the cache was unreachable).

Authentication, the key's scope, throttling and content negotiation still run for every
request in DRF's dispatch before the list is looked up here; the throttle's counter and the
lookup share one round trip to Redis (core.api.check_throttles_and_get).
"""

from __future__ import annotations

import hashlib
import time
from collections.abc import Callable, Collection
from typing import Any

from django.core.cache import cache
from django.db import connections, transaction
from django.http import HttpResponse
from django.utils import translation

from core.sections_cache import bump_generation

GENERATION = "initiatives-api"
GENERATION_KEY = f"generation:{GENERATION}"  # core.sections_cache's naming: bump_generation() moves it
CACHE_SECONDS = 60
MAX_PARAM_LENGTH = 200


def page_key(request: Any, params: Collection[str]) -> str | None:
    """The cache key of this request's page, or None when it is not to be kept.

    A request with a parameter outside ``params`` (the list's own) or a very long value is
    answered but not kept, so random query strings cannot fill the cache.
    """
    for name, values in request.GET.lists():
        if name not in params or any(len(value) > MAX_PARAM_LENGTH for value in values):
            return None
    # The accepted media type may carry `indent=`; the absolute URI carries scheme, host and query.
    source = f"{request.accepted_media_type}\n{translation.get_language()}\n{request.build_absolute_uri()}"
    return f"api:initiatives:list:{hashlib.sha256(source.encode()).hexdigest()}"


def _current_generation(found: dict[str, Any]) -> int:
    value = found.get(GENERATION_KEY)
    if value is None:
        # Not there yet, or evicted: start from the clock, never from a number an old page
        # may carry (a page tagged 1 must not come back when the counter restarts at 1).
        value = int(time.time() * 1000)
        if not cache.add(GENERATION_KEY, value, None):
            value = cache.get(GENERATION_KEY, value)
    return value


def lookup_keys(key: str) -> list[str]:
    """What to read for the page under ``key``: the generation and the page, in one get_many."""
    return [GENERATION_KEY, key]


def cached_page(key: str, found: dict[str, Any] | None, compute: Callable[[], Any]) -> HttpResponse:
    """The page under ``key`` if it was computed in the current generation, else ``compute()``'s, kept.

    ``found`` is what was read for `lookup_keys(key)` (None: read it now). ``compute()`` returns
    DRF's Response; it is stored once rendered, and only with status 200.
    """
    if found is None:
        found = cache.get_many(lookup_keys(key))
    generation = _current_generation(found)
    entry = found.get(key)
    if entry is not None and entry[0] == generation:
        _generation, content_type, content = entry
        return HttpResponse(content, content_type=content_type)
    response = compute()

    def store(rendered: Any) -> None:
        if rendered.status_code == 200:
            cache.set(key, (generation, rendered["Content-Type"], rendered.content), CACHE_SECONDS)

    response.add_post_render_callback(store)
    return response


def bump(using: str = "default") -> None:
    """The catalogue changed: every kept page is stale now and again once the change commits."""
    bump_generation(GENERATION)
    if connections[using].in_atomic_block:
        transaction.on_commit(lambda: bump_generation(GENERATION), using=using)


def _changed(sender: Any, using: str = "default", **kwargs: Any) -> None:
    bump(using)


def _slug_changed(sender: Any, instance: Any, using: str = "default", created: bool = False, **kwargs: Any) -> None:
    # Pages show these rows' slugs only; a new row is in no page yet.
    if not created:
        bump(using)


def connect() -> None:
    from django.db.models.signals import post_delete, post_save

    from councils.models import District, Microdistrict

    from ..models import Category, Initiative, NationalProject, Support

    for model in (Initiative, Support):
        for signal in (post_save, post_delete):
            signal.connect(_changed, sender=model, weak=False,
                           dispatch_uid=f"initiatives-api-{model.__name__}-{signal!r}")
    for model in (Category, NationalProject, District, Microdistrict):
        uid = f"initiatives-api-{model.__name__}"
        post_save.connect(_slug_changed, sender=model, weak=False, dispatch_uid=f"{uid}-save")
        post_delete.connect(_changed, sender=model, weak=False, dispatch_uid=f"{uid}-delete")
