"""The registry of demo-data loaders: each app registers its own in its AppConfig.ready().

`manage.py load_demo` (the `demo` app) runs every registered loader in `order`,
inside one transaction, after the role groups are synced. A loader must be
idempotent (a second run writes nothing) and must only use data of apps below
it, which have loaded before it. Orders in use: 10 councils (registries and the
demo logins), 20 forum, 29 the English of categories and national projects, 30
initiatives, 90 the city-scale generator (initiatives, only with --scale city,
outside the transaction). Leave gaps.
See ARCHITECTURE.md for an example.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Any, TextIO

from django.core.exceptions import ImproperlyConfigured
from django.core.management.color import no_style


@dataclass
class DemoRun:
    """What one `load_demo` run asked for, handed to every loader."""

    with_users: bool  # False with --no-users: no demo logins, nothing that needs them
    password: str  # the demo logins' password ("" without users)
    password_from_env: bool
    scale: str  # "demo" or "city"
    verbosity: int
    stdout: TextIO | None  # None when verbosity is 0
    options: dict[str, Any] = field(default_factory=dict)  # the command's other options (--city-*)
    # Loaders may leave things here for later ones or for the report.
    shared: dict[str, Any] = field(default_factory=dict)
    style: Any = field(default_factory=no_style)  # the command's colours (SUCCESS, WARNING)

    def write(self, line: str) -> None:
        if self.stdout is not None:
            self.stdout.write(line)


@dataclass(frozen=True)
class DemoLoader:
    name: str
    load: Callable[[DemoRun], None]
    order: int
    needs_users: bool = False  # skipped with --no-users
    # Runs after the main transaction has committed (huge generators that commit in batches).
    after_commit: bool = False
    # Prints a summary once every loader of the transaction has run (counts include later loaders' rows).
    report: Callable[[DemoRun], None] | None = None


_LOADERS: dict[str, DemoLoader] = {}


def register_demo_loader(
    name: str, load: Callable[[DemoRun], None], *, order: int, needs_users: bool = False, after_commit: bool = False,
    report: Callable[[DemoRun], None] | None = None,
) -> DemoLoader:
    """Register an app's demo loader; call it from the app's AppConfig.ready()."""
    loader = DemoLoader(
        name=name, load=load, order=order, needs_users=needs_users, after_commit=after_commit, report=report,
    )
    existing = _LOADERS.get(name)
    if existing is not None and existing != loader:
        raise ImproperlyConfigured(f"A demo loader named {name!r} is already registered.")
    _LOADERS[name] = loader
    return loader


def demo_loaders() -> list[DemoLoader]:
    """The registered loaders in the order they run."""
    return sorted(_LOADERS.values(), key=lambda loader: (loader.order, loader.name))
