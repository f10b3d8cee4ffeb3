"""Templates rendered once and cached for every reader must not read anything of the reader's.

They are rendered without the request (initiatives.detail_blocks, the home page, the resolution
page), where `user` or `request` would silently be empty: a guard against someone adding a
«Изменить» link or a CSRF token to HTML that every reader then shares.
"""

from __future__ import annotations

import re

import pytest
from django.template.loader import get_template

from initiatives.detail_blocks import BLOCK_TEMPLATES

SHARED = [*BLOCK_TEMPLATES.values(), "includes/home_content.html", "forum/includes/resolution_body.html"]
READER = re.compile(r"{[{%][^}]*?\b((?:user|request|perms|csrf_token|messages)\b[\w.]*)")
# What a template may read because its cache key tells those readers apart (forum.views.resolution
# keeps a visitor's and a resident's variant).
ALLOWED = {"forum/includes/resolution_body.html": {"user.is_authenticated"}}
INCLUDE = re.compile(r"""{%\s*include\s+["']([^"']+)["']""")
COMMENT = re.compile(r"{% comment %}.*?{% endcomment %}|{#.*?#}", re.S)


def source_with_includes(name: str, seen: set[str] | None = None) -> str:
    seen = seen if seen is not None else set()
    if name in seen:
        return ""
    seen.add(name)
    text = COMMENT.sub("", get_template(name).template.source)
    return text + "".join(source_with_includes(included, seen) for included in INCLUDE.findall(text))


@pytest.mark.parametrize("name", SHARED)
def test_a_shared_template_reads_nothing_of_the_readers(name):
    assert set(READER.findall(source_with_includes(name))) <= ALLOWED.get(name, set())
