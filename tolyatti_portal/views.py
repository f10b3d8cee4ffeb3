"""Portal-wide views: home page, health check, public media."""

from __future__ import annotations

import posixpath
import smtplib
import sys
from urllib.parse import unquote

from django.conf import settings
from django.db import InterfaceError, OperationalError
from django.http import Http404, HttpRequest, HttpResponse, HttpResponsePermanentRedirect, HttpResponseRedirect
from django.shortcuts import render
from django.template.loader import get_template, render_to_string
from django.utils.html import format_html
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.safestring import mark_safe
from django.utils.translation import gettext as _
from django.views.decorators.http import require_safe
from django.views.defaults import server_error as default_server_error
from django.views.static import serve

from core import accessibility as accessibility_settings
from core.caching import cache_for_anonymous
from core.downloads import harden_download, is_document
from core.home import home_context, home_generations
from core.i18n import set_language_cookie
from core.sections_cache import cached_section

# Files under this prefix (e.g. minutes of unpublished meetings) are served
# only through views that check publication, never by URL alone.
PRIVATE_MEDIA_PREFIX = "private/"

# Seconds a client (and a proxy) is asked to wait when a dependency is down.
RETRY_AFTER_SECONDS = 30


def _dependency_errors() -> tuple[type[BaseException], ...]:
    """Errors that mean a service the portal depends on is down or too slow, not a bug.

    Database: refused or dropped connections, statement and lock timeouts (all
    OperationalError). Redis and the broker: their clients' connection and timeout
    errors. SMTP: letters sent during a request (e-mail confirmation).
    """
    import kombu.exceptions
    import redis.exceptions

    return (
        OperationalError, InterfaceError, ConnectionError, TimeoutError, smtplib.SMTPException,
        redis.exceptions.ConnectionError, redis.exceptions.TimeoutError, kombu.exceptions.OperationalError,
    )


def server_error(request: HttpRequest) -> HttpResponse:
    """handler500: a friendly 503 with Retry-After when a dependency is down, else Django's 500.

    Rendered without a request context: the session, the user and the notification
    bell all need the database, which may be what is down.
    """
    error = sys.exc_info()[1]
    if not isinstance(error, _dependency_errors()):
        return default_server_error(request)
    response = HttpResponse(get_template("503.html").render({}), status=503)
    response["Retry-After"] = str(RETRY_AFTER_SECONDS)
    response["Cache-Control"] = "no-store"
    return response


HOME_MICRODISTRICT = "<!--home-microdistrict-->"


@cache_for_anonymous
def home(request: HttpRequest) -> HttpResponse:
    # Each app adds its part (districts, initiatives collecting support, the forum) through
    # core.home, with the generations that move when it changes: the content is the same for
    # everybody and cached, for residents too, until one of them moves.
    html = cached_section(
        request, "home", (), lambda: render_to_string("includes/home_content.html", home_context()),
        also=home_generations(),
    )
    user = request.user
    notice = ""
    if user.is_authenticated and user.home_microdistrict_id:
        microdistrict = user.home_microdistrict
        notice = format_html(
            '<p class="notice">{} <a href="{}">{}</a></p>',
            _("Ваш микрорайон:"), microdistrict.get_absolute_url(), microdistrict.name,
        )
    return render(request, "home.html", {"home_html": mark_safe(html.replace(HOME_MICRODISTRICT, notice, 1))})  # noqa: S308


@require_safe
def switch_language(request: HttpRequest, code: str) -> HttpResponse:
    """The header's language links: a GET that sets the language cookie and goes back.

    A link rather than Django's POST form keeps anonymous pages free of CSRF
    tokens, so they can be cached; choosing a language changes nothing but a
    display preference, so it needs no CSRF protection.
    """
    if code not in dict(settings.LANGUAGES):
        raise Http404
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    set_language_cookie(response, code)
    return response


def public_media(request: HttpRequest, path: str) -> HttpResponse:
    # Judge the path as the file system will see it: «./private/…», «//private/…» and
    # «%2e/private/…» all name the private folder.
    normalised = posixpath.normpath(unquote(path)).lstrip("/")
    if normalised in ("", ".", "..") or normalised.startswith(("../", PRIVATE_MEDIA_PREFIX)) or normalised == "private":
        raise Http404
    response = serve(request, normalised, document_root=settings.MEDIA_ROOT)
    response["X-Content-Type-Options"] = "nosniff"
    if is_document(normalised):
        # Staff documents (official answers, charters, forum materials) too: never inline.
        harden_download(response, filename=posixpath.basename(normalised))
    return response


@require_safe
def accessibility(request: HttpRequest) -> HttpResponse:
    """«Версия для слабовидящих»: a link per choice sets the cookie and goes back (no JavaScript).

    A GET that changes nothing but a display preference, like the language links, so anonymous
    pages need no CSRF token. ``off`` returns to the usual version.
    """
    target = request.GET.get("next", "/")
    if not url_has_allowed_host_and_scheme(target, allowed_hosts={request.get_host()},
                                           require_https=request.is_secure()):
        target = "/"
    response = HttpResponseRedirect(target)
    if request.GET.get("mode") == "off":
        response.delete_cookie(accessibility_settings.COOKIE, samesite="Lax")
        return response
    current = accessibility_settings.parse(request.COOKIES.get(accessibility_settings.COOKIE))
    chosen = accessibility_settings.updated(current, request.GET.dict())
    response.set_cookie(
        accessibility_settings.COOKIE, chosen.encode(), max_age=accessibility_settings.COOKIE_AGE,
        samesite="Lax", secure=request.is_secure(), httponly=True,
    )
    return response


@require_safe
def favicon(request: HttpRequest) -> HttpResponse:
    # Resolved per request: the hashed name exists only once collectstatic has run.
    from django.templatetags.static import static

    return HttpResponsePermanentRedirect(static("img/favicon.svg"))

