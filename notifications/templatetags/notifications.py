"""Tags and filters for the inbox and for every app's letters."""

from __future__ import annotations

import datetime as dt

from django import template

register = template.Library()


@register.simple_tag
def notification_subject(notification) -> str:
    from notifications.emails import render_subject

    return render_subject(notification)


@register.filter
def isodate(value: str) -> dt.date | str:
    """A date kept in a payload as ISO text, back as a date so `|date` formats it in the active language."""
    try:
        return dt.date.fromisoformat(value)
    except (TypeError, ValueError):
        return value


@register.filter
def absolute_url(path: str) -> str:
    """A portal path as a full link, for letters read outside the site."""
    from notifications.emails import absolute

    return absolute(path)
