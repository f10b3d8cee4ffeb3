"""The home page's registry: each app adds its part of the page in its AppConfig.ready().

`register_home_context(name, provider, order=..., generations=...)`: `provider()` returns
a dict merged into the context of templates/includes/home_content.html, the same for every
visitor; `generations` names the cache generations (core.sections_cache) that move when what
the provider shows changes. The page's content is then cached for everybody, logged in or
not, until one of them moves. Orders in use: 10 councils (districts), 20 initiatives
(collecting support now), 30 forum (edition and resolution).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

Provider = Callable[[], dict[str, Any]]
_PROVIDERS: dict[str, tuple[int, Provider]] = {}
_GENERATIONS: dict[str, tuple[str, ...]] = {}


def register_home_context(name: str, provider: Provider, *, order: int, generations: tuple[str, ...] = ()) -> None:
    _PROVIDERS[name] = (order, provider)
    _GENERATIONS[name] = tuple(generations)


def home_generations() -> tuple[str, ...]:
    """Every generation the home page's content depends on, in a stable order."""
    return tuple(sorted({g for names in _GENERATIONS.values() for g in names}))


def home_context() -> dict[str, Any]:
    context: dict[str, Any] = {}
    for _order, provider in sorted(_PROVIDERS.values(), key=lambda item: item[0]):
        context.update(provider())
    return context
