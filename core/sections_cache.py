"""Parts of a page that are the same for every visitor, cached for logged-in residents too.

Residents get no whole-page cache (their header is theirs), but the body of a directory
page — a council list, say — is the same for everyone reading it in one language on one
day. Such a section is cached under its URL and language plus a *generation* of the data
it shows: a counter in the shared cache that the owning app bumps whenever one of its rows
is saved or deleted (`bump_generation`, connected in the app's ready()). A change is
therefore visible at once, on every replica; the time limit only bounds memory.
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Iterable
from typing import Any

from django.core.cache import cache, caches
from django.http import HttpRequest
from django.utils import timezone, translation

SECTION_SECONDS = 600
MAX_PARAM_LENGTH = 200


def _fresh_generation() -> int:
    # A counter that is missing was never written or was evicted (allkeys-lru). Starting it
    # from the clock in milliseconds, not from 1, keeps it from matching a value that entries
    # still cached were keyed with before the eviction: those counters started from an
    # earlier clock reading and would need more bumps than milliseconds since to catch up.
    # An int: Redis keeps it as a plain number that the next INCR can count on (a float would
    # be pickled and every later bump would fail).
    return int(timezone.now().timestamp() * 1000)


def generation(name: str) -> int:
    return cache.get_or_set(f"generation:{name}", _fresh_generation, None)


def bump_generation(name: str) -> None:
    key = f"generation:{name}"
    try:
        cache.incr(key)
    except ValueError:  # not there yet (or evicted): any new value differs from the old keys
        cache.set(key, _fresh_generation(), None)


def cached_section(
    request: HttpRequest,
    name: str,
    allowed_params: Iterable[str],
    render: Callable[[], Any],
    also: Iterable[str] = (),
    variant: str = "",
) -> Any:
    """`render()`'s value from the fragment cache, or rendered and kept.

    The key holds the generation ``name`` and those named in ``also`` (data the section
    shows that another app owns), read with one round trip; ``variant`` tells apart the kinds of
    reader that see the section differently (a visitor, a resident). Requests with parameters
    outside ``allowed_params`` (or very long ones) are rendered but not kept, so random
    query strings cannot fill the cache.
    """
    allowed = set(allowed_params)
    if any(key not in allowed or len(value) > MAX_PARAM_LENGTH
           for key, values in request.GET.lists() for value in values):
        return render()
    digest = hashlib.sha256(request.get_full_path().encode()).hexdigest()
    versions = ":".join(str(g) for g in generations(name, *also))
    key = (f"section:{name}:{translation.get_language()}:{timezone.localdate().isoformat()}:"
           f"{versions}:{variant}:{digest}")
    store = caches["fragments"]
    value = store.get(key)
    if value is None:
        value = render()
        store.set(key, value, SECTION_SECONDS)
    return value


def generations(*names: str) -> tuple[Any, ...]:
    """The current generation of each name, read with one round trip to the cache."""
    keys = [f"generation:{name}" for name in names]
    found = cache.get_many(keys)
    return tuple(found[key] if key in found else generation(name) for key, name in zip(keys, names, strict=True))


def cached_data(name: str, of: Iterable[str], load: Callable[[], Any]) -> Any:
    """`load()`'s value (rows, dicts: anything picklable) kept until one of the generations ``of`` moves.

    For data that every visitor sees alike but whose rendering depends on the request (a
    resident's rights, the time, a signed file URL): the rows are cached, the page is
    still rendered per request. The generations are part of the key, so a bumped one makes
    the old entry unreachable at once; ``SECTION_SECONDS`` bounds what nothing bumps. The date
    is in the key too: rows chosen by date (a TOS registered from tomorrow) change at midnight.
    """
    of = tuple(of)
    versions = ":".join(f"{n}={g}" for n, g in zip(of, generations(*of), strict=True))
    key = f"data:{name}:{timezone.localdate().isoformat()}:{versions}"
    store = caches["fragments"]
    value = store.get(key)
    if value is None:
        value = load()
        store.set(key, value, SECTION_SECONDS)
    return value
