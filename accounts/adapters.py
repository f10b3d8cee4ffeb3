"""allauth adapter: profile fields and consent in the signup transaction; login throttling; client address."""

from __future__ import annotations

from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import ratelimit
from allauth.core.internal import ratelimit as ratelimit_internal
from django.db import transaction
from django.http import HttpRequest
from django.utils.translation import gettext_lazy as _

from core.cache import reachable
from core.client_ip import client_ip

from .email_claims import release_unconfirmed_claims
from .models import User
from .services import consent_record


class AccountAdapter(DefaultAccountAdapter):
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "Слишком много неудачных попыток входа. Вход в эту учётную запись временно закрыт: "
            "попробуйте через 15 минут или восстановите пароль по ссылке «Забыли пароль?»."
        ),
    }

    def save_user(self, request: HttpRequest, user: User, form, commit: bool = True) -> User:
        data = form.cleaned_data
        user.display_name = data.get("display_name", "").strip()
        user.home_microdistrict = data.get("home_microdistrict")
        language = getattr(request, "LANGUAGE_CODE", "ru")
        user.preferred_language = language if language in {"ru", "en"} else "ru"
        # The account and the proof of consent exist together or not at all (152-FZ, art. 9).
        with transaction.atomic():
            if commit and data.get("email"):
                release_unconfirmed_claims(data["email"])
            user = super().save_user(request, user, form, commit=commit)
            if commit:
                consent_record(user=user)
        return user

    # allauth's own limits (ACCOUNT_RATE_LIMITS: failed logins, password resets, e-mail
    # confirmations) count in the cache. With it down (core.cache) they fail open: residents who
    # are logged out must still get in during a Redis outage; guessing stays slow (the password
    # hasher's cost, ten-character minimum passwords) and an outage lasts minutes. Signup alone
    # fails closed, by core.ratelimit's rule: each one e-mails an address the visitor typed.
    def is_open_for_signup(self, request: HttpRequest) -> bool:
        if not reachable():
            return False
        return super().is_open_for_signup(request)

    def get_client_ip(self, request: HttpRequest) -> str:
        # The same address django-ratelimit counts (RATELIMIT_IP_META_KEY), proxies accounted for.
        return client_ip(request)

    # --- login throttling ------------------------------------------------------------------------
    # allauth counts failed logins per address ("ip") and per "key", the key being the login
    # alone: a stranger's five wrong passwords would lock the real owner out everywhere. The
    # key here is the account AND the address, so the stranger locks only themself out of that
    # account; a looser limit per account alone ("login_failed_account") still stops a brute force
    # spread over many addresses. The bounds are in ACCOUNT_RATE_LIMITS (settings) and README.

    def _login_of(self, credentials: dict[str, Any]) -> str:
        return str(credentials.get("email", credentials.get("username", ""))).lower()

    def _get_login_attempts_cache_key(self, request: HttpRequest, **credentials: Any) -> str:
        return f"{self._login_of(credentials)}@{self.get_client_ip(request)}"

    def _delete_login_attempts_cached_email(self, request: HttpRequest, **credentials: Any) -> None:
        # After a password reset the owner gets in at once, from this address and from any other.
        super()._delete_login_attempts_cached_email(request, **credentials)
        ratelimit.clear(request, action="login_failed_account", key=self._login_of(credentials))

    def pre_authenticate(self, request: HttpRequest, **credentials: Any) -> None:
        super().pre_authenticate(request, **credentials)
        account_usage = ratelimit_internal.consume(
            request, app="allauth.account", action="login_failed_account", key=self._login_of(credentials)
        )
        if not account_usage:
            self._rollback_login_failed_rl_usage()
            raise self.validation_error("too_many_login_attempts")
        self._login_failed_account_usage = account_usage

    def _rollback_login_failed_rl_usage(self) -> None:
        super()._rollback_login_failed_rl_usage()
        usage = getattr(self, "_login_failed_account_usage", None)
        if usage:
            usage.rollback()
            self._login_failed_account_usage = None

    def send_mail(self, template_prefix: str, email: str, context: dict) -> None:
        # Without django.contrib.sites allauth names the site after the request's host
        # («Вас приветствует 127.0.0.1:8101!»): letters are signed with the portal's name and
        # its public address (SITE_URL) instead.
        context = {**context, "current_site": PortalSite.current()}
        super().send_mail(template_prefix, email, context)


class PortalSite:
    """What allauth's letters read as ``current_site``: the portal's name and public domain."""

    def __init__(self, name: str, domain: str) -> None:
        self.name = name
        self.domain = domain

    def __str__(self) -> str:
        return self.name

    @classmethod
    def current(cls) -> PortalSite:
        from urllib.parse import urlsplit

        from django.conf import settings
        from django.utils.translation import gettext

        return cls(gettext("Самоуправление Тольятти"), urlsplit(settings.SITE_URL).netloc)

