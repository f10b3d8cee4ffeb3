"""Security headers: a Content-Security-Policy with no inline script or style, a Permissions-Policy,
and HSTS, frame and referrer settings kept — checked on the production settings themselves."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
from django.conf import settings as django_settings

from core.security_headers import tile_origin
from tests.test_settings import VALID_PRODUCTION, run_python

ROOT = Path(__file__).resolve().parent.parent.parent

PRODUCTION_REQUEST = """
import json, os
os.environ["DJANGO_SETTINGS_MODULE"] = "tolyatti_portal.settings.production"
import django
django.setup()
from django.test import Client
# A path that needs no database: the language switch answers with a redirect.
response = Client(HTTP_HOST="portal.example.org", HTTP_X_FORWARDED_PROTO="https").get("/language/en/?next=/")
print(json.dumps({"status": response.status_code, "headers": dict(response.headers)}))
"""


def _directives(header: str) -> dict[str, list[str]]:
    return {part.split()[0]: part.split()[1:] for part in (p.strip() for p in header.split(";")) if part}


@pytest.fixture(scope="module")
def production_headers() -> dict[str, str]:
    proc = run_python(PRODUCTION_REQUEST, **VALID_PRODUCTION)
    assert proc.returncode == 0, proc.stderr
    answer = json.loads(proc.stdout.strip().splitlines()[-1])
    assert answer["status"] == 302
    return answer["headers"]


def test_production_sends_a_strict_content_security_policy(production_headers):
    policy = _directives(production_headers["Content-Security-Policy"])
    assert policy["default-src"] == ["'self'"]
    assert policy["script-src"] == ["'self'"]
    assert policy["style-src"] == ["'self'"]
    assert policy["object-src"] == ["'none'"]
    assert policy["frame-ancestors"] == ["'none'"]
    assert policy["base-uri"] == ["'self'"]
    assert policy["form-action"] == ["'self'"]
    assert set(policy["img-src"]) == {"'self'", "data:", "https://tile.openstreetmap.org"}
    assert "'unsafe-inline'" not in production_headers["Content-Security-Policy"]
    assert "'unsafe-eval'" not in production_headers["Content-Security-Policy"]


def test_production_sends_permissions_policy(production_headers):
    policy = production_headers["Permissions-Policy"]
    assert "camera=()" in policy
    assert "microphone=()" in policy
    assert "payment=()" in policy


def test_production_keeps_hsts_frame_referrer_and_nosniff(production_headers):
    assert production_headers["Strict-Transport-Security"] == "max-age=31536000; includeSubDomains; preload"
    assert production_headers["X-Frame-Options"] == "DENY"
    assert production_headers["Referrer-Policy"] == "same-origin"
    assert production_headers["X-Content-Type-Options"] == "nosniff"


@pytest.mark.parametrize(
    ("tile_url", "origin"),
    [
        (None, "https://tile.openstreetmap.org"),
        ("https://tiles.example.org/osm/{z}/{x}/{y}.png", "https://tiles.example.org"),
        ("https://{s}.tile.example.org/{z}/{x}/{y}.png", "https://*.tile.example.org"),
        ("/tiles/{z}/{x}/{y}.png", "'self'"),
    ],
)
def test_tile_server_origin_is_derived_from_the_tile_url(tile_url, origin):
    assert tile_origin(tile_url) == origin


@pytest.mark.django_db
def test_img_src_follows_the_map_tile_setting(client, settings):
    settings.MAP_TILE_URL = "https://tiles.example.org/{z}/{x}/{y}.png"
    policy = _directives(client.get("/")["Content-Security-Policy"])
    assert "https://tiles.example.org" in policy["img-src"]
    assert "https://tile.openstreetmap.org" not in policy["img-src"]


def test_admin_pages_carry_the_policy_and_still_render(admin_client_with_mfa):
    response = admin_client_with_mfa.get("/admin/initiatives/initiative/")
    assert response.status_code == 200
    assert "script-src 'self'" in response["Content-Security-Policy"]


@pytest.fixture
def admin_client_with_mfa(client, superuser):
    client.force_login(superuser)
    return client


# --- no inline script or style in the portal's templates -------------------------------------

_INLINE_SCRIPT = re.compile(r"<script\b(?![^>]*\bsrc=)(?![^>]*type=\"application/json\")[^>]*>", re.IGNORECASE)
_INLINE_STYLE = re.compile(r"<style\b|\sstyle=\"|\son[a-z]+=\"", re.IGNORECASE)


def _served_templates() -> list[Path]:
    folders = [ROOT / "templates", *(ROOT.glob("*/templates"))]
    found = []
    for folder in folders:
        for path in folder.rglob("*.html"):
            # Letters are read in mail clients, which never see the portal's headers.
            if "emails" in path.parts:
                continue
            found.append(path)
    return found


def test_templates_have_no_inline_script_style_or_handlers():
    offenders = []
    for path in _served_templates():
        text = path.read_text(encoding="utf-8")
        for pattern in (_INLINE_SCRIPT, _INLINE_STYLE):
            for match in pattern.finditer(text):
                line = text.count("\n", 0, match.start()) + 1
                offenders.append(f"{path.relative_to(ROOT)}:{line}: {match.group(0)!r}")
    assert not offenders, "CSP forbids inline script/style:\n" + "\n".join(offenders)


def test_templates_are_found():
    assert len(_served_templates()) > 20
    assert django_settings.CONTENT_SECURITY_POLICY


def test_admin_columns_emit_no_inline_styles():
    """HTML built in Python (format_html in admin columns) is held to the same rule."""
    offenders = []
    for path in ROOT.glob("*/**/*.py"):
        skipped = path.parts[len(ROOT.parts)] in {"tests", ".venv", "bench"}
        if skipped or "migrations" in path.parts or "settings" in path.parts:
            continue
        text = path.read_text(encoding="utf-8")
        for match in re.finditer(r"""\sstyle=["']|<style\b|<script>""", text):
            offenders.append(f"{path.relative_to(ROOT)}:{text.count(chr(10), 0, match.start()) + 1}")
    assert not offenders, "inline style/script in HTML built in Python:\n" + "\n".join(offenders)
