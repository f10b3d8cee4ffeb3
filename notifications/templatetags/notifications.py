from django import template

from initiatives.models import Initiative

register = template.Library()


@register.filter
def status_label(code: str) -> str:
    """The resident-facing label of an initiative status code, in the active language."""
    try:
        return str(Initiative.Status(code).label)
    except ValueError:
        return code


@register.simple_tag
def notification_subject(notification) -> str:
    from notifications.emails import render_subject

    return render_subject(notification)
