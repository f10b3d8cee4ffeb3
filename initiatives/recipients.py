"""Who hears of an initiative's events. Each resolver yields user ids lazily so fan-out never loads everyone."""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from itertools import chain

from django.db.models import Q
from django.utils import timezone

from accounts import roles
from accounts.models import User
from councils.models import Council, CouncilMember, MicrodistrictManager

from .models import CoauthorInvitation, Follow, Initiative


def _ids(queryset) -> Iterator[int]:
    return queryset.values_list("pk", flat=True).order_by().iterator(chunk_size=2000)


def _initiative_group(initiative_id: int) -> Iterator[int]:
    author = Initiative.objects.filter(pk=initiative_id).values_list("author_id", flat=True)
    coauthors = CoauthorInvitation.objects.filter(initiative_id=initiative_id, status="accepted").values_list(
        "user_id", flat=True
    )
    return chain(author, coauthors)


def _followers(initiative_id: int) -> Iterator[int]:
    return Follow.objects.filter(initiative_id=initiative_id).values_list("user_id", flat=True).order_by(
        "id"
    ).iterator(chunk_size=2000)


def group_and_followers(payload: dict) -> Iterable[int]:
    return chain(_initiative_group(payload["initiative_id"]), _followers(payload["initiative_id"]))


def district_moderators(payload: dict) -> Iterable[int]:
    moderators = User.objects.filter(groups__name=roles.MODERATOR)
    district_id = payload.get("district_id")
    # City-wide moderators hear of everything; district moderators of their district.
    scope = Q(moderated_district__isnull=True)
    if district_id:
        scope |= Q(moderated_district_id=district_id)
    return _ids(moderators.filter(scope))


def group_council_and_manager(payload: dict) -> Iterable[int]:
    microdistrict_id = payload.get("microdistrict_id")
    council_members: Iterable[int] = ()
    managers: Iterable[int] = ()
    if microdistrict_id:
        today = timezone.localdate()
        council_members = (
            CouncilMember.objects.current(today)
            .filter(
                council__kind=Council.Kind.MICRODISTRICT_PUBLIC, council__microdistrict_id=microdistrict_id,
                user__isnull=False,
            )
            .values_list("user_id", flat=True)
        )
        managers = MicrodistrictManager.objects.filter(
            microdistricts=microdistrict_id, is_active=True, user__isnull=False
        ).values_list("user_id", flat=True)
    return chain(_initiative_group(payload["initiative_id"]), council_members, managers)
