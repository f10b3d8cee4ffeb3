"""The wizard's steps and its completeness rules: which steps are done, what is still recommended."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from django.core.exceptions import ValidationError
from django.forms import BaseForm
from django.http import Http404, HttpRequest
from django.shortcuts import get_object_or_404
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ... import permissions
from ...models import Initiative, Scope, StatusChange

S = Initiative.Status

# Per user and hour. Only requests that passed form validation count, so a resident
# correcting typos is never locked out; a bot posting valid drafts in a loop is.
CREATE_RATE = "10/h"
UPLOAD_RATE = "60/h"  # counted per file, a batch of 10 photos is 10 uploads
INVITE_RATE = "20/h"  # every invitation sends an e-mail to an address the resident typed

@dataclass(frozen=True)
class Step:
    slug: str
    title: str
    # Statuses in which the step page opens; in the others it redirects to the review.
    statuses: tuple[str, ...]


STEPS: tuple[Step, ...] = (
    Step("what", gettext_lazy("Суть инициативы"), Initiative.EDITABLE_STATUSES),
    Step("where", gettext_lazy("Место"), Initiative.EDITABLE_STATUSES),
    Step("photos", gettext_lazy("Фото и документы"), Initiative.EDITABLE_STATUSES),
    Step("resources", gettext_lazy("Ресурсы"), Initiative.EDITABLE_STATUSES),
    # Co-authors may still join while a moderator reads the initiative (services.invitation_create).
    Step("group", gettext_lazy("Инициативная группа"), (*Initiative.EDITABLE_STATUSES, S.MODERATION)),
    Step("review", gettext_lazy("Проверка и отправка"), tuple(S.values)),
)
STEPS_BY_SLUG: dict[str, Step] = {step.slug: step for step in STEPS}


# Helpers -------------------------------------------------------------------------------------------


def _add_model_errors(form: BaseForm, exc: ValidationError) -> None:
    """Attach a model ValidationError from a service to the form, field by field where possible."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def _file_error(name: str, exc: ValidationError) -> str:
    text = " ".join(exc.messages)
    # Most upload messages name the file already; those that do not get the name in front,
    # so that in a batch of ten the resident sees which one was refused.
    return text if name in text else _("«%(name)s»: %(reason)s") % {"name": name, "reason": text}


def _group_initiative(request: HttpRequest, pk: int) -> Initiative:
    initiative = get_object_or_404(
        Initiative.objects.select_related("category", "national_project", "district", "microdistrict", "tos", "author"),
        pk=pk,
    )
    # 404 rather than 403: whether a draft exists is nobody's business but its group's.
    if not permissions.is_group_member(request.user, initiative):
        raise Http404
    return initiative


def _revision_request(initiative: Initiative | None) -> StatusChange | None:
    """The moderator's last «на доработку» with its reason, while the initiative is in revision."""
    if initiative is None or initiative.status != S.REVISION:
        return None
    return (
        initiative.status_changes.filter(to_status=S.REVISION).select_related("actor").order_by("-created_at", "-id")
        .first()
    )


def _place_complete(initiative: Initiative) -> bool:
    if initiative.scope == Scope.CITY:
        return True
    if initiative.scope == Scope.DISTRICT:
        return initiative.district_id is not None
    return initiative.microdistrict_id is not None




def _recommended(initiative: Initiative, *, has_photos: bool) -> list[str]:
    """Not required, but moderators and residents ask for these first."""
    advice = []
    if not initiative.description:
        advice.append(_("подробное описание: что сейчас не так и что предлагается сделать"))
    if not initiative.address and initiative.latitude is None:
        advice.append(_("адрес или точка на карте"))
    if not has_photos:
        advice.append(_("фотографии места"))
    if not (initiative.estimated_budget or initiative.resources_description):
        advice.append(_("оценка стоимости или описание нужных ресурсов"))
    return advice


def _steps_done(initiative: Initiative) -> dict[str, bool]:
    has_files = initiative.photos.exists() or initiative.documents.exists()
    return {
        "what": bool(initiative.title and initiative.summary and initiative.category_id),
        "where": _place_complete(initiative),
        "photos": has_files,
        "resources": bool(
            initiative.estimated_budget is not None or initiative.resources_description or initiative.needs_money
            or initiative.needs_volunteers or initiative.needs_materials or initiative.needs_expertise
        ),
        "group": initiative.invitations.exists(),
        "review": initiative.status not in Initiative.EDITABLE_STATUSES,
    }


def _step_nav(initiative: Initiative | None, current: Step) -> list[dict[str, Any]]:
    done = _steps_done(initiative) if initiative is not None else {}
    items = []
    for number, step in enumerate(STEPS, start=1):
        reachable = initiative is not None and initiative.status in step.statuses
        items.append({
            "number": number,
            "step": step,
            "current": step is current,
            "done": done.get(step.slug, False),
            "url": reverse("initiatives:edit_step", args=[initiative.pk, step.slug]) if reachable else None,
        })
    return items


def _next_step(step: Step) -> Step:
    index = STEPS.index(step)
    return STEPS[min(index + 1, len(STEPS) - 1)]
