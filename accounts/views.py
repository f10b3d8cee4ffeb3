"""Resident's own account pages: profile, data export, deletion; the public consent text."""

from __future__ import annotations

import json

from django.contrib import messages
from django.contrib.auth import logout
from django.contrib.auth.decorators import login_required
from django.core.serializers.json import DjangoJSONEncoder
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods, require_POST

from core.i18n import set_language_cookie

from .admin_site import staff_has_mfa
from .forms import AccountDeleteForm, ProfileForm
from .models import ConsentText
from .personal_data import export_user_data
from .services import user_anonymise


def consent_text(request: HttpRequest, version: str | None = None) -> HttpResponse:
    if version is None:
        text = ConsentText.current()
        if text is None:
            raise Http404(_("Текст согласия ещё не опубликован."))
    else:
        text = get_object_or_404(ConsentText, version=version)
    versions = ConsentText.objects.only("version", "effective_from", "title")
    return render(request, "accounts/consent.html", {"consent": text, "versions": versions})


@login_required
@require_http_methods(["GET", "POST"])
def profile(request: HttpRequest) -> HttpResponse:
    form = ProfileForm(request.POST or None, instance=request.user)
    if request.method == "POST" and form.is_valid():
        user = form.save()
        messages.success(request, _("Профиль сохранён."))
        response = redirect("accounts:profile")
        # The header switch sets the same cookie; keep them in agreement.
        set_language_cookie(response, user.preferred_language)
        return response
    consents = request.user.consents.select_related("consent_text")
    return render(request, "accounts/profile.html", {"form": form, "consents": consents})


@login_required
@require_POST
def data_export(request: HttpRequest) -> HttpResponse:
    # POST, not GET: the file holds personal data and must not be fetchable by a
    # link planted on another site or left in a proxy's cache.
    payload = json.dumps(export_user_data(request.user), cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
    response = HttpResponse(payload, content_type="application/json; charset=utf-8")
    stamp = timezone.localdate().isoformat()
    response["Content-Disposition"] = f'attachment; filename="tolyatti-portal-my-data-{stamp}.json"'
    response["Cache-Control"] = "no-store"
    return response


@login_required
@require_http_methods(["GET", "POST"])
def account_delete(request: HttpRequest) -> HttpResponse:
    form = AccountDeleteForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        user_anonymise(user=request.user)
        logout(request)
        messages.success(request, _("Учётная запись удалена, персональные данные обезличены."))
        return redirect("home")
    return render(request, "accounts/delete.html", {"form": form})


@login_required
def mfa_required(request: HttpRequest) -> HttpResponse:
    """Where the admin sends staff without a second factor: what it is and a button to set it up."""
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(next_url, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        next_url = reverse("admin:index")
    context = {"next_url": next_url, "has_mfa": staff_has_mfa(request.user)}
    return render(request, "accounts/mfa_required.html", context)
