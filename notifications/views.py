"""In-app notifications, preferences, and the signed unsubscribe link."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.db import transaction
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.views.decorators.csrf import csrf_exempt
from django.views.decorators.http import require_http_methods, require_POST

from core.pagination import paginate

from . import services
from .emails import read_stop_token, read_unsubscribe_token
from .forms import PreferencesForm, field_name
from .kinds import Channel
from .models import Notification
from .registry import kind_label


@login_required
def inbox(request: HttpRequest) -> HttpResponse:
    notifications = (
        Notification.objects.filter(recipient=request.user, in_app=True).select_related("event").order_by("-created_at")
    )
    page = paginate(request, notifications, 30)
    return render(request, "notifications/inbox.html", {"page": page})


@login_required
@require_POST
def read(request: HttpRequest, pk: int) -> HttpResponse:
    notification = Notification.objects.filter(recipient=request.user, pk=pk).select_related("event").first()
    if notification is None:
        return redirect("notifications:inbox")
    services.mark_read(request.user, [pk])
    target = notification.url
    if target and url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()}):
        return redirect(target)
    return redirect("notifications:inbox")


@login_required
@require_POST
def read_all(request: HttpRequest) -> HttpResponse:
    count = services.mark_read(request.user)
    messages.success(request, _("Отмечено прочитанными: %(n)d") % {"n": count})
    return redirect("notifications:inbox")


@login_required
@require_http_methods(["GET", "POST"])
def preferences(request: HttpRequest) -> HttpResponse:
    form = PreferencesForm(request.POST or None, user=request.user)
    if request.method == "POST" and form.is_valid():
        with transaction.atomic():
            for kind in form.kinds:
                if not kind.can_unsubscribe:
                    continue
                for channel in Channel:
                    services.set_preference(
                        request.user, kind=kind.code, channel=channel,
                        enabled=form.cleaned_data[field_name(kind.code, channel)],
                    )
        messages.success(request, _("Настройки уведомлений сохранены."))
        return redirect("notifications:preferences")
    return render(request, "notifications/preferences.html", {"form": form})


@csrf_exempt  # the signed token is the credential; mail clients POST here (RFC 8058)
@require_http_methods(["GET", "POST"])
def unsubscribe(request: HttpRequest, token: str) -> HttpResponse:
    data = read_unsubscribe_token(token)
    if data is None:
        return render(request, "notifications/unsubscribe.html", {"invalid": True}, status=400)
    user_id, kind = data
    label = kind_label(kind)
    # GET only asks: link scanners in mail systems open every link they see.
    if request.method == "POST":
        done = services.unsubscribe(user_id, kind)
        return render(request, "notifications/unsubscribe.html", {"done": done, "label": label})
    return render(request, "notifications/unsubscribe.html", {"token": token, "label": label})


@csrf_exempt  # the signed token is the credential; mail clients POST here (RFC 8058)
@require_http_methods(["GET", "POST"])
def stop(request: HttpRequest, token: str) -> HttpResponse:
    """«Don't write to me again» for someone without an account (e.g. an invitation to a group)."""
    address = read_stop_token(token)
    if address is None:
        return render(request, "notifications/stop.html", {"invalid": True}, status=400)
    # GET only asks: link scanners in mail systems open every link they see.
    if request.method == "POST":
        services.email_opt_out(address)
        return render(request, "notifications/stop.html", {"done": True})
    return render(request, "notifications/stop.html", {"token": token})
