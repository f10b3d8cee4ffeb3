"""The weekly digest of new initiatives in a resident's microdistrict (opt-in)."""

from __future__ import annotations

import datetime as dt
from collections import defaultdict

from django.urls import reverse
from django.utils import timezone

from accounts.models import User
from notifications.emails import absolute
from notifications.kinds import Channel
from notifications.models import Event, Preference
from notifications.services import emit

from .kinds import Kind
from .models import Initiative


def emit_weekly_digests(now: dt.datetime | None = None) -> int:
    """One digest event per opted-in resident per ISO week; running twice adds nothing."""
    now = now or timezone.now()
    year, week, _ = timezone.localdate(now).isocalendar()
    week_key = f"{year}-W{week:02d}"
    since = now - dt.timedelta(days=7)
    subscribers = Preference.objects.filter(
        kind=Kind.WEEKLY_DIGEST, enabled=True, channel__in=[Channel.EMAIL, Channel.IN_APP]
    ).values_list("user_id", flat=True).distinct()
    users = User.objects.filter(
        pk__in=subscribers, is_active=True, home_microdistrict__isnull=False
    ).select_related("home_microdistrict")
    by_microdistrict: dict[int, list[User]] = defaultdict(list)
    for user in users.iterator(chunk_size=1000):
        by_microdistrict[user.home_microdistrict_id].append(user)
    already = set(
        Event.objects.filter(kind=Kind.WEEKLY_DIGEST, payload__week=week_key).values_list(
            "payload__user_ids__0", flat=True
        )
    )
    emitted = 0
    for microdistrict_id, residents in by_microdistrict.items():
        fresh = list(
            Initiative.objects.public().filter(microdistrict_id=microdistrict_id, published_at__gte=since)
            .order_by("-published_at").values("pk", "title")[:20]
        )
        if not fresh:
            continue
        items = [
            {"title": i["title"], "url_abs": absolute(reverse("initiatives:detail", args=[i["pk"]]))} for i in fresh
        ]
        for user in residents:
            if user.pk in already:
                continue
            emit(Kind.WEEKLY_DIGEST, payload={
                "week": week_key, "user_ids": [user.pk], "microdistrict": user.home_microdistrict.name,
                "items": items, "url": user.home_microdistrict.get_absolute_url(),
            })
            emitted += 1
    return emitted
