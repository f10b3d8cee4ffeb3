"""Reads of normative acts for pages, exports and other apps (a constant number of queries)."""

from __future__ import annotations

import difflib
from dataclasses import dataclass, field
from typing import Any

from django.db.models import Count, Prefetch, Q, QuerySet

from .models import ActPoint, ActSection, ActVersion, DiscussionSummary, NormativeAct, PointComment, PointVote


def public_acts() -> QuerySet[NormativeAct]:
    return NormativeAct.objects.filter(status__in=NormativeAct.PUBLIC_STATUSES)


def act_list(status: str | None = None) -> QuerySet[NormativeAct]:
    qs = public_acts().annotate(
        point_total=Count("points", distinct=True),
        comment_total=Count("points__comments", filter=Q(points__comments__is_hidden=False), distinct=True),
    ).prefetch_related("districts")
    if status in NormativeAct.Status.values:
        qs = qs.filter(status=status)
    return qs


def points_with_counts(act: NormativeAct) -> QuerySet[ActPoint]:
    """Points with their visible comments, supports and objections counted in one query."""
    return (
        ActPoint.objects.filter(act=act)
        .annotate(
            comment_count=Count("comments", filter=Q(comments__is_hidden=False), distinct=True),
            support_count=Count("votes", filter=Q(votes__value=PointVote.Value.SUPPORT), distinct=True),
            object_count=Count("votes", filter=Q(votes__value=PointVote.Value.OBJECT), distinct=True),
        )
        .select_related("summary")
        .order_by("section__position", "section_id", "position", "id")
    )


@dataclass
class SectionView:
    section: ActSection
    points: list[ActPoint] = field(default_factory=list)


def act_sections(act: NormativeAct, *, user=None) -> list[SectionView]:
    """The act's sections with annotated points, and the user's vote on each (three queries)."""
    sections = {s.pk: SectionView(s) for s in ActSection.objects.filter(act=act).order_by("position", "id")}
    votes: dict[int, str] = {}
    if user is not None and user.is_authenticated:
        votes = dict(PointVote.objects.filter(point__act=act, user=user).values_list("point_id", "value"))
    summary_public = act.summary_is_published
    for point in points_with_counts(act):
        point.my_vote = votes.get(point.pk)
        point.public_summary = _summary_of(point) if summary_public else None
        sections[point.section_id].points.append(point)
    return list(sections.values())


def _summary_of(point: ActPoint) -> DiscussionSummary | None:
    try:
        return point.summary
    except DiscussionSummary.DoesNotExist:
        return None


@dataclass
class Thread:
    comment: PointComment
    replies: list[PointComment]


def point_threads(point: ActPoint) -> list[Thread]:
    """Top-level comments with their replies; hidden ones stay in place as a stub (two queries)."""
    replies = PointComment.objects.select_related("author").order_by("created_at", "id")
    top = (
        PointComment.objects.filter(point=point, parent__isnull=True)
        .select_related("author")
        .prefetch_related(Prefetch("replies", queryset=replies))
        .order_by("created_at", "id")
    )
    return [Thread(c, list(c.replies.all())) for c in top]


@dataclass
class DiffRow:
    number: str
    section: str
    discussed: str
    adopted: str
    change: str  # "same", "changed", "added", "removed"
    discussed_html: str = ""
    adopted_html: str = ""


def _marked(a: str, b: str) -> tuple[str, str]:
    """Word-level side-by-side marks: <del> in the discussed text, <ins> in the adopted one (escaped)."""
    from django.utils.html import escape

    left: list[str] = []
    right: list[str] = []
    a_words, b_words = a.split(" "), b.split(" ")
    for op, i1, i2, j1, j2 in difflib.SequenceMatcher(a=a_words, b=b_words, autojunk=False).get_opcodes():
        old, new = escape(" ".join(a_words[i1:i2])), escape(" ".join(b_words[j1:j2]))
        if op == "equal":
            left.append(old)
            right.append(new)
        else:
            if old:
                left.append(f"<del>{old}</del>")
            if new:
                right.append(f"<ins>{new}</ins>")
    return " ".join(left), " ".join(right)


def version_diff(act: NormativeAct) -> list[DiffRow] | None:
    """The discussed draft against the adopted text, point by point; None until both exist."""
    versions = {v.kind: v.points for v in ActVersion.objects.filter(act=act)}
    discussed = versions.get(ActVersion.Kind.DISCUSSED)
    adopted = versions.get(ActVersion.Kind.ADOPTED)
    if discussed is None or adopted is None:
        return None
    adopted_by_number: dict[str, dict[str, Any]] = {p["number"]: p for p in adopted}
    rows: list[DiffRow] = []
    for point in discussed:
        new = adopted_by_number.pop(point["number"], None)
        if new is None:
            rows.append(DiffRow(point["number"], point["section"], point["text"], "", "removed"))
            continue
        change = "same" if new["text"] == point["text"] else "changed"
        left, right = _marked(point["text"], new["text"])
        rows.append(DiffRow(point["number"], point["section"], point["text"], new["text"], change, left, right))
    for point in adopted_by_number.values():
        rows.append(DiffRow(point["number"], point["section"], "", point["text"], "added"))
    return rows


def summary_rows(act: NormativeAct) -> list[DiscussionSummary]:
    return list(
        DiscussionSummary.objects.filter(point__act=act).select_related("point")
        .order_by("point__section__position", "point__position", "point_id")
    )
