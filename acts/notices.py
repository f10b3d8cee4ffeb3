"""The acts' notification kinds (registered with the outbox in ActsConfig.ready()) and their events.

Letters live in acts/templates/acts/emails/<kind>.txt and <kind>_subject.txt. Events are
written in the caller's transaction (the outbox), so a notice goes out only if the
change it tells of was saved.
"""

from __future__ import annotations

from collections.abc import Iterable
from itertools import chain
from typing import TYPE_CHECKING

from django.utils.translation import gettext_lazy as _

from notifications.registry import register_kind
from notifications.services import emit

if TYPE_CHECKING:
    from accounts.models import User

    from .models import NormativeAct, PointComment


class Kind:
    DISCUSSION_OPENED = "act_discussion_opened"
    COMMENT_REPLY = "act_comment_reply"
    SUMMARY_PUBLISHED = "act_summary_published"


def _ids(queryset) -> Iterable[int]:
    return queryset.order_by().values_list("pk", flat=True).iterator(chunk_size=2000)


def discussion_audience(payload: dict) -> Iterable[int]:
    """Residents who asked to hear of every act, and residents of the districts the act concerns.

    The kind is in-app by default and e-mail only for those who switch it on, so a resident
    of a concerned district sees it in the bell, and a subscriber gets the letter.
    """
    from accounts.models import User
    from notifications.models import Preference

    opted_in = Preference.objects.filter(kind=Kind.DISCUSSION_OPENED, enabled=True).values_list("user_id",
                                                                                                flat=True)
    district_ids = payload.get("district_ids") or []
    residents = _ids(User.objects.filter(home_microdistrict__district_id__in=district_ids)) if district_ids else ()
    return chain(opted_in.order_by().distinct().iterator(chunk_size=2000), residents)


def discussion_participants(payload: dict) -> Iterable[int]:
    """Everyone who commented on or voted for a point of the act."""
    from .models import PointComment, PointVote

    act_id = payload["act_id"]
    commenters = PointComment.objects.filter(point__act_id=act_id).values_list("author_id", flat=True)
    voters = PointVote.objects.filter(point__act_id=act_id).values_list("user_id", flat=True)
    return chain(commenters.order_by().distinct().iterator(), voters.order_by().distinct().iterator())


def register() -> None:
    app = "acts"
    register_kind(Kind.DISCUSSION_OPENED, _("Новый нормативный акт на обсуждении"), app=app, email_default=False,
                  recipients=discussion_audience)
    register_kind(Kind.COMMENT_REPLY, _("Ответ на ваш комментарий к нормативному акту"), app=app)
    register_kind(Kind.SUMMARY_PUBLISHED, _("Опубликованы итоги обсуждения акта"), app=app,
                  recipients=discussion_participants)


def _act_payload(act: NormativeAct) -> dict:
    return {"act_id": act.pk, "title": act.title, "url": act.get_absolute_url()}


def discussion_opened(act: NormativeAct, *, actor: User | None) -> None:
    payload = _act_payload(act)
    payload["district_ids"] = list(act.districts.values_list("pk", flat=True))
    payload["ends_on"] = act.discussion_ends_on.isoformat() if act.discussion_ends_on else ""
    emit(Kind.DISCUSSION_OPENED, payload=payload, actor=actor)


def comment_reply(comment: PointComment, parent: PointComment, *, actor: User) -> None:
    point = comment.point
    payload = _act_payload(point.act)
    payload.update({
        "user_ids": [parent.author_id], "point_number": point.number, "author_name": actor.public_name,
        "excerpt": comment.body[:300], "url": f"{point.get_absolute_url()}#comment-{comment.pk}",
    })
    emit(Kind.COMMENT_REPLY, payload=payload, actor=actor)


def summary_published(act: NormativeAct, *, actor: User | None) -> None:
    payload = _act_payload(act)
    payload["url"] = f"{act.get_absolute_url()}#summary"
    emit(Kind.SUMMARY_PUBLISHED, payload=payload, actor=actor)
