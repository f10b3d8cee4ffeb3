"""The admin site of the portal: one login path (allauth's, throttled) and a second factor for staff.

Django's own admin login form has no throttle; every login goes through allauth instead, whose
rate limits (see ``ACCOUNT_RATE_LIMITS`` and ``AccountAdapter``) lock by account and address.
Staff work with residents' personal data, so the admin opens only for accounts with an allauth
authenticator (TOTP, with recovery codes); the others are sent to a page that explains how to
set it up. allauth asks for the code at every login once TOTP is on, so a session of such an
account has passed the second factor.
"""

from __future__ import annotations

from urllib.parse import urlencode

from django.contrib import admin
from django.contrib.auth import REDIRECT_FIELD_NAME
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme

from core.admin_grammar import with_russian_titles
from core.admin_home import queues_for


def staff_has_mfa(user) -> bool:
    """Cached on the user object: the admin asks has_permission several times per request."""
    cached = getattr(user, "_portal_mfa_enabled", None)
    if cached is None:
        from allauth.mfa.utils import is_mfa_enabled

        cached = is_mfa_enabled(user)
        user._portal_mfa_enabled = cached
    return cached


class PortalAdminSite(admin.AdminSite):
    def index(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        # The moderator's home: counts of what waits, and the oldest items of each queue.
        extra_context = {**(extra_context or {}), "moderation_queues": queues_for(request)}
        return super().index(request, extra_context)

    def register(self, model_or_iterable, admin_class=None, **options) -> None:
        # Every model's admin, ours or a library's, gets titles in correct Russian.
        admin_class = with_russian_titles(admin_class or admin.ModelAdmin)
        super().register(model_or_iterable, admin_class, **options)

    def has_permission(self, request: HttpRequest) -> bool:
        return super().has_permission(request) and staff_has_mfa(request.user)

    def login(self, request: HttpRequest, extra_context: dict | None = None) -> HttpResponse:
        next_url = request.GET.get(REDIRECT_FIELD_NAME) or reverse("admin:index", current_app=self.name)
        if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                               require_https=request.is_secure()):
            next_url = reverse("admin:index", current_app=self.name)
        user = request.user
        if not user.is_authenticated:
            return redirect(f"{reverse('account_login')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
        if user.is_active and user.is_staff and not staff_has_mfa(user):
            return redirect(f"{reverse('accounts:mfa_required')}?{urlencode({REDIRECT_FIELD_NAME: next_url})}")
        if super().has_permission(request):
            return redirect(next_url)
        # Logged in but not staff: a plain refusal, not a redirect back to the login (a loop).
        return render(request, "accounts/admin_no_access.html", status=403)
