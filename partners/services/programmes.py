"""Programmes and applications to them. Applications are decided only here."""

from __future__ import annotations

import datetime as dt
from decimal import Decimal
from typing import Any

from django.db import IntegrityError, transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.text import slugify
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import Closed, Conflict, DomainError, NotAllowed, WrongStatus
from councils.models import District
from initiatives import permissions as initiative_permissions
from initiatives.models import Category, Initiative

from .. import events
from ..models import Programme, ProgrammeApplication
from .actor import PartnerActor

EDITABLE_FIELDS = ("title", "description", "funding_source", "budget", "applications_open", "applications_close")


def _unique_slug(title: str) -> str:
    from django.utils.crypto import get_random_string

    base = (slugify(title, allow_unicode=False) or "programme")[:100]
    slug = base
    while Programme.objects.filter(slug=slug).exists():
        slug = f"{base}-{get_random_string(6).lower()}"
    return slug


def _check_window(opens: dt.date, closes: dt.date) -> None:
    if closes < opens:
        raise DomainError(_("Приём заявок не может закончиться раньше, чем начнётся."))


def _set_relations(programme: Programme, categories: list[Category] | None, districts: list[District] | None) -> None:
    if categories is not None:
        programme.categories.set(categories)
    if districts is not None:
        programme.districts.set(districts)


def programme_create(
    actor: PartnerActor, *, title: str, description: str, applications_open: dt.date, applications_close: dt.date,
    funding_source: str = "", budget: Decimal | None = None, categories: list[Category] | None = None,
    districts: list[District] | None = None, publish: bool = True,
) -> Programme:
    actor.require_verified()
    if not title.strip() or not description.strip():
        raise DomainError(_("Укажите название и описание программы."))
    _check_window(applications_open, applications_close)
    with transaction.atomic():
        programme = Programme.objects.create(
            partner=actor.partner, title=title.strip(), slug=_unique_slug(title), description=description.strip(),
            funding_source=funding_source.strip(), budget=budget, applications_open=applications_open,
            applications_close=applications_close,
            status=Programme.Status.OPEN if publish else Programme.Status.DRAFT,
        )
        _set_relations(programme, categories, districts)
    return programme


def _locked_own(programme: Programme, actor: PartnerActor) -> Programme:
    locked = Programme.objects.select_for_update().get(pk=programme.pk)
    actor.require_owns(locked.partner_id)
    return locked


def programme_update(
    programme: Programme, actor: PartnerActor, *, categories: list[Category] | None = None,
    districts: list[District] | None = None, **fields: Any,
) -> Programme:
    actor.require_verified()
    unknown = set(fields) - set(EDITABLE_FIELDS) - {"status"}
    if unknown:
        raise DomainError(_("Эти поля программы менять нельзя: %(fields)s.") % {"fields": ", ".join(sorted(unknown))})
    with transaction.atomic():
        locked = _locked_own(programme, actor)
        if locked.status == Programme.Status.CLOSED:
            raise WrongStatus(_("Программа закрыта; её нельзя изменить."))
        status = fields.pop("status", None)
        if status is not None:
            if status not in (Programme.Status.DRAFT, Programme.Status.OPEN):
                raise DomainError(_("Чтобы закрыть программу, используйте действие «закрыть»."))
            if status == Programme.Status.DRAFT and locked.applications.exists():
                raise WrongStatus(_("По программе уже есть заявки; вернуть её в черновик нельзя."))
            locked.status = status
        for name, value in fields.items():
            setattr(locked, name, value.strip() if isinstance(value, str) else value)
        _check_window(locked.applications_open, locked.applications_close)
        locked.save()
        _set_relations(locked, categories, districts)
    return _refresh(programme, locked)


def programme_close(programme: Programme, actor: PartnerActor) -> Programme:
    actor.require_verified()
    with transaction.atomic():
        locked = _locked_own(programme, actor)
        if locked.status == Programme.Status.CLOSED:
            raise WrongStatus(_("Программа уже закрыта."))
        locked.status = Programme.Status.CLOSED
        locked.save(update_fields=["status", "updated_at"])
    return _refresh(programme, locked)


def _refresh(target: Model, source: Model) -> Any:
    target.__dict__.update({k: v for k, v in source.__dict__.items() if not k.startswith("_")})
    return target


def application_submit(
    programme: Programme, initiative: Initiative, *, user: User, message: str = ""
) -> ProgrammeApplication:
    """The initiative group applies from the initiative's page."""
    if not initiative_permissions.is_group_member(user, initiative):
        raise NotAllowed(_("Подать заявку может только инициативная группа."))
    if not initiative.is_public:
        raise WrongStatus(_("Подать заявку можно только по опубликованной инициативе."))
    if not programme.partner.is_verified or not programme.accepts_applications():
        raise Closed(_("Программа сейчас не принимает заявки."))
    try:
        with transaction.atomic():
            application = ProgrammeApplication.objects.create(
                programme=programme, initiative=initiative, applicant=user, message=(message or "").strip()
            )
            events.application_submitted(application, actor=user)
    except IntegrityError:
        raise Conflict(_("Эта инициатива уже подала заявку на эту программу.")) from None
    return application


def application_decide(
    application: ProgrammeApplication, actor: PartnerActor, *, accept: bool, reason: str = ""
) -> ProgrammeApplication:
    actor.require_verified()
    reason = (reason or "").strip()
    if not accept and not reason:
        raise DomainError(_("Укажите причину отказа."))
    with transaction.atomic():
        locked = (
            ProgrammeApplication.objects.select_for_update()
            .select_related("programme", "initiative")
            .get(pk=application.pk)
        )
        actor.require_owns(locked.programme.partner_id)
        if locked.status != ProgrammeApplication.Status.SUBMITTED:
            raise WrongStatus(_("По этой заявке уже принято решение."))
        locked.status = ProgrammeApplication.Status.ACCEPTED if accept else ProgrammeApplication.Status.REJECTED
        locked.reason = reason
        locked.decided_by = actor.user
        locked.decided_at = timezone.now()
        locked.save()
        events.application_decided(locked, actor=actor.user)
    return _refresh(application, locked)
