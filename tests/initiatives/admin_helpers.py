"""Shared helpers and fixtures of the initiatives admin tests (test_admin.py, test_admin_pages.py)."""


from __future__ import annotations

from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from initiatives.models import (
    Initiative,
    Scope,
    StatusChange,
)
from tests.factories import (
    MicrodistrictFactory,
)
from tests.initiatives.factories import (
    InitiativeFactory,
)

S = Initiative.Status
CHANGELIST = "admin:initiatives_initiative_changelist"
REASON = "Такой же проект уже включён в программу благоустройства на 2026 год."


def assert_not_found_in_admin(response) -> None:
    """An object outside the user's admin queryset is answered as missing: a redirect to the admin index."""
    assert response.status_code == 302 and response.url == reverse("admin:index")


def _change_url(obj) -> str:
    return reverse(f"admin:initiatives_{obj._meta.model_name}_change", args=[obj.pk])


def _do_url(obj, action: str) -> str:
    return reverse(f"admin:initiatives_{obj._meta.model_name}_service_action", args=[obj.pk, action])


def _messages(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in response.context["messages"]] if response.context else []


def _follow_messages(response) -> list[tuple[int, str]]:
    return [(m.level, str(m)) for m in response.wsgi_request._messages]


def _pdf(name: str = "answer.pdf") -> SimpleUploadedFile:
    return SimpleUploadedFile(name, b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n", "application/pdf")


def make_initiative(district, status: str = S.MODERATION, **kwargs) -> Initiative:
    return InitiativeFactory(status=status, microdistrict=MicrodistrictFactory(district=district), **kwargs)


def city_initiative(status: str = S.MODERATION, **kwargs) -> Initiative:
    return InitiativeFactory(status=status, scope=Scope.CITY, microdistrict=None, district=None, **kwargs)


def bulk(client, action: str, objects, **data):
    return client.post(
        reverse(CHANGELIST), {"action": action, "_selected_action": [o.pk for o in objects], **data}, follow=True
    )


def _assert_moved(initiative, to: str, actor, reason: str = "") -> None:
    initiative.refresh_from_db()
    assert initiative.status == to
    change = StatusChange.objects.filter(initiative=initiative).get()
    assert (change.to_status, change.actor, change.reason) == (to, actor, reason)
