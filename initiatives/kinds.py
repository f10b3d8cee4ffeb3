"""The notification kinds of initiatives, registered with the outbox in InitiativesConfig.ready().

Letters live in templates/initiatives/emails/<kind>.txt and <kind>_subject.txt.
"""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_kind


class Kind:
    INITIATIVE_SUBMITTED = "initiative_submitted"
    STATUS_CHANGED = "status_changed"
    OFFICIAL_RESPONSE = "official_response"
    PROGRESS_UPDATE = "progress_update"
    THRESHOLD_REACHED = "threshold_reached"
    COMMENT_NEW = "comment_new"
    COMMENT_REPLY = "comment_reply"
    COMMENT_HIDDEN = "comment_hidden"
    COAUTHOR_INVITATION = "coauthor_invitation"
    WEEKLY_DIGEST = "weekly_digest"


def _status_letter(payload: dict, recipient: Any) -> dict[str, Any]:
    from .models import Initiative

    code = payload.get("to_status", "")
    try:
        label = Initiative.Status(code).label
    except ValueError:
        label = code
    return {"status_label": label}


def register() -> None:
    from . import recipients

    app = "initiatives"
    register_kind(Kind.INITIATIVE_SUBMITTED, _("Инициатива отправлена на модерацию"), app=app,
                  recipients=recipients.district_moderators, staff_only=True)
    register_kind(Kind.STATUS_CHANGED, _("Статус инициативы изменился"), app=app,
                  recipients=recipients.group_and_followers, letter_context=_status_letter)
    register_kind(Kind.OFFICIAL_RESPONSE, _("Официальный ответ по инициативе"), app=app,
                  recipients=recipients.group_and_followers)
    register_kind(Kind.PROGRESS_UPDATE, _("Новости о ходе реализации"), app=app,
                  recipients=recipients.group_and_followers)
    register_kind(Kind.THRESHOLD_REACHED, _("Инициатива набрала порог поддержки"), app=app,
                  recipients=recipients.group_council_and_manager)
    register_kind(Kind.COMMENT_NEW, _("Новый комментарий"), app=app, email_default=False,
                  recipients=recipients.group_and_followers)
    register_kind(Kind.COMMENT_REPLY, _("Ответ на ваш комментарий"), app=app)
    register_kind(Kind.COMMENT_HIDDEN, _("Ваш комментарий скрыт модератором"), app=app, can_unsubscribe=False)
    register_kind(Kind.COAUTHOR_INVITATION, _("Приглашение в инициативную группу"), app=app,
                  can_unsubscribe=False, addresses_in_payload=True)
    # Opt-in: nobody receives a digest they did not ask for.
    register_kind(Kind.WEEKLY_DIGEST, _("Еженедельная подборка инициатив моего микрорайона"), app=app,
                  email_default=False, in_app_default=False)
