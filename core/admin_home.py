"""The moderator's home on the admin index: what waits for this user, oldest first.

Apps register providers in AppConfig.ready(); the admin index (accounts.admin_site) shows every
queue a provider returns for the request (None when the user has nothing to do with it). A
provider counts within the user's own scope — usually by starting from its ModelAdmin's
get_queryset(request) — so a district moderator sees his district's work only.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.http import HttpRequest


@dataclass(frozen=True)
class QueueItem:
    label: str
    url: str
    waiting: str = ""  # «ждёт 5 дн.», already translated


@dataclass(frozen=True)
class Queue:
    label: str
    count: int
    url: str
    # The oldest few, oldest first: where to start.
    items: list[QueueItem] = field(default_factory=list)


Provider = Callable[[HttpRequest], "Queue | None"]
_PROVIDERS: list[tuple[int, str, Provider]] = []


def register_queue(name: str, provider: Provider, *, order: int = 50) -> None:
    """Add a queue to the admin index (idempotent per name: ready() may run twice in tests)."""
    _PROVIDERS[:] = [p for p in _PROVIDERS if p[1] != name]
    _PROVIDERS.append((order, name, provider))
    _PROVIDERS.sort(key=lambda p: (p[0], p[1]))


def queues_for(request: HttpRequest) -> list[Queue]:
    return [queue for _order, _name, provider in _PROVIDERS if (queue := provider(request)) is not None]
