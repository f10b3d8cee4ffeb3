"""Render the resident's pages to one file, to diff the HTML before and after a change.

Caching rendered HTML must not change what a reader gets. Run this against the same database
with the old and the new code, then diff (whitespace ignored): CSRF tokens and CSP nonces are
masked, every page is requested twice so that the second, cached, rendering is the one kept.

    DATABASE_URL=postgres://postgres@127.0.0.1:5432/tolyatti_city REDIS_URL=redis://127.0.0.1:6379/14 \
        PYTHONPATH=. .venv/bin/python bench/render_pages.py /tmp/new.html [PATH ...]
    diff -w /tmp/old.html /tmp/new.html
"""

from __future__ import annotations

import os
import re
import sys


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "tolyatti_portal.settings.dev")
    import django

    django.setup()
    from django.test import Client
    from django.test.utils import setup_test_environment

    setup_test_environment()
    from accounts.models import User
    from initiatives.models import Initiative

    client = Client()
    client.force_login(User.objects.get(email="resident@demo.tolyatti.local"))
    top = Initiative.objects.public().order_by("-support_count").values_list("pk", flat=True)[:1][0]
    paths = sys.argv[2:] or [
        "/", "/initiatives/", f"/initiatives/{top}/", f"/initiatives/{top}/?comments=2",
        "/initiatives/?q=площадка", "/initiatives/?page=3", "/forum/2025/resolution/",
    ]
    out = []
    for path in paths:
        for language in ("ru", "en"):
            client.cookies["portal_language"] = language
            html = ""
            for _attempt in range(2):
                html = client.get(path).content.decode()
            html = re.sub(r'name="csrfmiddlewaretoken" value="[^"]+"', "CSRF", html)
            html = re.sub(r'nonce="[^"]+"', "NONCE", html)
            out.append(f"===== {path} {language}\n{html}")
    with open(sys.argv[1], "w", encoding="utf-8") as handle:
        handle.write("\n".join(out))


if __name__ == "__main__":
    main()
