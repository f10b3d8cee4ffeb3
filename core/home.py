"""The home page's registry: each app adds its part of the page in its AppConfig.ready().

`register_home_context(name, provider, order=...)`: `provider()` returns a dict
merged into the context of templates/home.html (same for every visitor: the page
is cached for anonymous visitors). Orders in use: 10 councils (districts),
20 initiatives (collecting support now), 30 forum (edition and resolution).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[], dict[str, Any]]
_PROVIDERS: dict[str, tuple[int, Provider]] = {}


def register_home_context(name: str, provider: Provider, *, order: int) -> None:
    _PROVIDERS[name] = (order, provider)


def home_context() -> dict[str, Any]:
    context: dict[str, Any] = {}
    for _order, provider in sorted(_PROVIDERS.values(), key=lambda item: item[0]):
        context.update(provider())
    return context
