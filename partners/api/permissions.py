"""Scopes of partner keys. Reading public data needs no key; a key that is sent must carry `read`."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import permissions

from ..models import PartnerApiKey, Scope


def _key(request) -> PartnerApiKey | None:
    return request.auth if isinstance(request.auth, PartnerApiKey) else None


class PublicRead(permissions.BasePermission):
    """Safe methods for everyone; a key without the `read` scope is refused (403)."""

    message = _("У ключа нет права «read».")

    def has_permission(self, request, view) -> bool:
        if request.method not in permissions.SAFE_METHODS:
            return False
        key = _key(request)
        return key is None or key.has_scope(Scope.READ)


def scoped_write(scope: str) -> type[permissions.BasePermission]:
    """Reading like PublicRead; writing only with a key that has `scope`."""

    class ScopedWrite(permissions.BasePermission):
        message = _("У ключа нет нужного права: %(scope)s.") % {"scope": scope}

        def has_permission(self, request, view) -> bool:
            key = _key(request)
            if request.method in permissions.SAFE_METHODS:
                return key is None or key.has_scope(Scope.READ)
            if key is None:
                # No key at all: 401 with the scheme, not 403.
                from rest_framework.exceptions import NotAuthenticated

                raise NotAuthenticated(_("Нужен ключ API партнёра в заголовке Authorization (схема Api-Key)."))
            return key.has_scope(scope)

    ScopedWrite.__name__ = f"ScopedWrite_{scope.replace(':', '_')}"
    return ScopedWrite


class RequiresKey(permissions.BasePermission):
    """Endpoints about the partner itself (its own pledges, applications): a key with `read`."""

    message = _("У ключа нет права «read».")

    def has_permission(self, request, view) -> bool:
        key = _key(request)
        if key is None:
            from rest_framework.exceptions import NotAuthenticated

            raise NotAuthenticated(_("Нужен ключ API партнёра в заголовке Authorization (схема Api-Key)."))
        return key.has_scope(Scope.READ)


def requires_scope(scope: str) -> type[permissions.BasePermission]:
    """Every method needs a key with `scope` (the partner's private configuration)."""

    class Scoped(permissions.BasePermission):
        message = _("У ключа нет нужного права: %(scope)s.") % {"scope": scope}

        def has_permission(self, request, view) -> bool:
            key = _key(request)
            if key is None:
                from rest_framework.exceptions import NotAuthenticated

                raise NotAuthenticated(_("Нужен ключ API партнёра в заголовке Authorization (схема Api-Key)."))
            return key.has_scope(scope)

    Scoped.__name__ = f"RequiresScope_{scope.replace(':', '_')}"
    return Scoped
