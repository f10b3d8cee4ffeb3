"""Imports run one way: an app imports only the apps below it (see ARCHITECTURE.md).

The order is written once, here. A new app adds its name to LAYERS at its place
(feature apps after the ones they build on); a package with an apps.py that is
not listed fails the test, so no app slips in unordered. Apps listed but not
present yet are simply not found.

`tolyatti_portal` is wiring: its settings, URLs and Celery app may import any
app, and no app imports it (settings are read through django.conf.settings).
Migrations are checked too: they may reference lower apps' callables (upload
validators) like any other module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
WIRING = "tolyatti_portal"
# From the bottom up. Insert a new app where it belongs; keep the feature apps in the order they build
# on each other (forum reads initiatives for nothing today, but partners, acts and practices read both).
LAYERS = [
    "core",
    "accounts",
    "councils",
    "notifications",
    "initiatives",
    "forum",
    "partners",
    "acts",
    "practices",
    "workplan",
    "stats",
    "demo",
]
# Top-level packages that are not apps of the portal.
NOT_APPS = {"tests", "bench", "docs", "deploy", "static", "templates", "locale", "var", "node_modules"}


def _apps_present() -> set[str]:
    return {p.parent.name for p in ROOT.glob("*/apps.py")}


def _imports(path: Path) -> list[tuple[int, str]]:
    tree = ast.parse(path.read_text(encoding="utf-8"), filename=str(path))
    found: list[tuple[int, str]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found += [(node.lineno, alias.name) for alias in node.names]
        elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
            found.append((node.lineno, node.module))
    return found


def test_every_app_has_a_place_in_the_layers():
    unplaced = _apps_present() - set(LAYERS) - {WIRING} - NOT_APPS
    assert not unplaced, f"Add {sorted(unplaced)} to LAYERS in tests/test_layering.py (see ARCHITECTURE.md)."


@pytest.mark.parametrize("app", [app for app in LAYERS if (ROOT / app).is_dir()])
def test_app_imports_only_apps_below_it(app):
    rank = {name: index for index, name in enumerate(LAYERS)}
    upward = []
    for path in sorted((ROOT / app).rglob("*.py")):
        for line, module in _imports(path):
            target = module.split(".")[0]
            if target == WIRING or (target in rank and rank[target] > rank[app]):
                upward.append(f"{path.relative_to(ROOT)}:{line} imports {module}")
    assert not upward, "Imports up the layers:\n" + "\n".join(upward)


def test_the_layering_test_sees_an_upward_import(tmp_path):
    module = tmp_path / "bad.py"
    module.write_text("from forum.models import Registration\nimport tolyatti_portal.settings\n")
    modules = [name for _, name in _imports(module)]
    assert modules == ["forum.models", "tolyatti_portal.settings"]
