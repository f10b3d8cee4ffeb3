"""Template filters for the admin templates that print model names (see core.admin_grammar)."""

from __future__ import annotations

from django import template

from core import admin_grammar

register = template.Library()


@register.filter
def accusative(opts) -> str:
    return admin_grammar.accusative(opts)


@register.filter
def count_name(opts, count) -> str:
    return admin_grammar.count_name(opts, int(count or 0))
