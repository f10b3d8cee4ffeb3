"""`Authorization: Api-Key <key>`: a partner's key, checked against its hash.

No header: the request is anonymous (public reading). A header with a key that is
unknown, revoked or expired, or of a partner no longer verified: 401, so a client
never mistakes a dead key for anonymous access.
"""

from __future__ import annotations

from django.contrib.auth.models import AnonymousUser
from django.utils import timezone
from django.utils.translation import gettext as _
from rest_framework import authentication, exceptions

from ..models import PartnerApiKey

KEYWORD = "Api-Key"
# last_used_at is written at most this often per key, so reading does not turn into a write per request.
LAST_USED_RESOLUTION_SECONDS = 60


class PartnerKeyAuthentication(authentication.BaseAuthentication):
    def authenticate(self, request) -> tuple[AnonymousUser, PartnerApiKey] | None:
        header = request.META.get("HTTP_AUTHORIZATION", "")
        if not header:
            return None
        keyword, _sep, key = header.partition(" ")
        if keyword != KEYWORD:
            return None
        key = key.strip()
        prefix, dot, _rest = key.partition(".")
        if not dot:
            raise exceptions.AuthenticationFailed(_("Неверный ключ API."))
        api_key = PartnerApiKey.objects.select_related("partner").filter(prefix=prefix).first()
        if api_key is None or not api_key.is_valid(key):
            raise exceptions.AuthenticationFailed(_("Неверный ключ API."))
        if api_key.revoked:
            raise exceptions.AuthenticationFailed(_("Ключ API отозван."))
        if api_key.has_expired:
            raise exceptions.AuthenticationFailed(_("Срок действия ключа API истёк."))
        if not api_key.partner.is_verified:
            raise exceptions.AuthenticationFailed(_("Партнёр не проверен; ключ не действует."))
        now = timezone.now()
        if api_key.last_used_at is None or (now - api_key.last_used_at).total_seconds() > LAST_USED_RESOLUTION_SECONDS:
            PartnerApiKey.objects.filter(pk=api_key.pk).update(last_used_at=now)
            api_key.last_used_at = now
        return AnonymousUser(), api_key

    def authenticate_header(self, request) -> str:
        return KEYWORD
