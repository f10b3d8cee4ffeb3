"""«Повторить практику»: a resident starts a new initiative draft prefilled from a practice."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from accounts.models import User
from core.errors import NotAllowed, WrongStatus
from initiatives.models import Initiative
from initiatives.services import initiative_create_draft

from .models import PracticeCase, PracticeRepeat

TITLE_MAX = Initiative._meta.get_field("title").max_length or 150
SUMMARY_MAX = Initiative._meta.get_field("summary").max_length or 300


def _can_start(user: User) -> None:
    if not (user and user.is_authenticated and user.is_active and not getattr(user, "anonymised_at", None)):
        raise NotAllowed(_("Войдите, чтобы начать инициативу."))


def _title(source_title: str) -> str:
    title = _("По примеру: %(title)s") % {"title": source_title}
    return title if len(title) <= TITLE_MAX else title[: TITLE_MAX - 1] + "…"


def repeat_case(case: PracticeCase, *, user: User) -> Initiative:
    """A draft with the case's category, national project, needs and a starting text; linked and counted."""
    _can_start(user)
    if not case.is_published:
        raise WrongStatus(_("Эта практика не опубликована."))
    description = _(
        "Мы хотим повторить практику «%(title)s» (%(who)s).\n\nЧто сделали там: %(solution)s\n\n"
        "Результаты: %(results)s\n\nОпишите, что и где хотите сделать у себя."
    ) % {"title": case.title, "who": case.organisation, "solution": case.solution, "results": case.results}
    data = {
        "title": _title(case.title), "summary": case.problem[:SUMMARY_MAX], "description": description,
        "category": case.category, "national_project": case.national_project, "scope": "city",
        "needs_money": case.needs_money, "needs_volunteers": case.needs_volunteers,
        "needs_materials": case.needs_materials, "needs_expertise": case.needs_expertise,
        "resources_description": case.how_to_repeat, "estimated_budget": case.budget,
    }
    with transaction.atomic():
        initiative = initiative_create_draft(author=user, data=data)
        PracticeRepeat.objects.create(initiative=initiative, case=case)
    return initiative


def repeat_initiative(source: Initiative, *, user: User) -> Initiative:
    """The same from an implemented initiative marked as a best practice."""
    _can_start(user)
    if not (source.is_best_practice and source.status == Initiative.Status.IMPLEMENTED):
        raise WrongStatus(_("Повторить можно только реализованную инициативу, отмеченную как лучшая практика."))
    description = _(
        "Мы хотим повторить практику «%(title)s».\n\nКак это сделали: %(how)s\n\n"
        "Опишите, что и где хотите сделать у себя."
    ) % {"title": source.title, "how": source.best_practice_summary or source.description}
    data = {
        "title": _title(source.title), "summary": source.summary[:SUMMARY_MAX], "description": description,
        "category": source.category, "national_project": source.national_project, "scope": "city",
        "needs_money": source.needs_money, "needs_volunteers": source.needs_volunteers,
        "needs_materials": source.needs_materials, "needs_expertise": source.needs_expertise,
        "resources_description": source.resources_description, "estimated_budget": source.estimated_budget,
    }
    with transaction.atomic():
        initiative = initiative_create_draft(author=user, data=data)
        PracticeRepeat.objects.create(initiative=initiative, source_initiative=source)
    return initiative
