"""Open data sets: the tables anyone may download, with licence, column descriptions and update time.

No personal data in any of them: no e-mails, phones, home addresses or names of residents.
Authors of initiatives appear as «житель»; council members, supporters, commenters and
forum participants are not listed at all, only counted. Microdistrict managers are city
employees whose work contacts the portal publishes on purpose.

Each data set reads its rows in a fixed number of queries (`iterator()` for the big ones).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.db.models import Count, Max, Q
from django.utils.translation import gettext_lazy as _

from core.translated import in_language

LICENCE = _("Creative Commons «Атрибуция» 4.0 (CC BY 4.0): можно использовать, указав источник — портал "
            "«Самоуправление Тольятти»")
LICENCE_URL = "https://creativecommons.org/licenses/by/4.0/deed.ru"
AUTHOR_LABEL = _("житель")


@dataclass(frozen=True)
class DataSet:
    slug: str
    title: Any
    description: Any
    columns: tuple[tuple[str, Any], ...]  # (key, what it means)
    rows: Callable[[], Iterable[dict[str, Any]]]
    updated_at: Callable[[], dt.datetime | dt.date | None]


_DATASETS: dict[str, DataSet] = {}


def register_dataset(dataset: DataSet) -> DataSet:
    _DATASETS[dataset.slug] = dataset
    return dataset


def all_datasets() -> list[DataSet]:
    return list(_DATASETS.values())


def get_dataset(slug: str) -> DataSet | None:
    return _DATASETS.get(slug)


def _iso(value: Any) -> str:
    return value.isoformat() if value else ""


# Initiatives --------------------------------------------------------------------------------


def _initiative_rows() -> Iterable[dict[str, Any]]:
    from initiatives.models import Initiative

    author = str(AUTHOR_LABEL)
    fields = ("pk", "title", "summary", "scope", "microdistrict__name", "status", "support_count",
              "support_threshold", "estimated_budget", "published_at", "is_best_practice")
    # Reference names in the file's language, as the councils' and TOS's districts are (core.translated).
    names = {"category_name": in_language("category__name"), "project_name": in_language("national_project__name"),
             "district_name": in_language("district__name")}
    for row in Initiative.objects.public().order_by("pk").values(*fields, **names).iterator(chunk_size=2000):
        yield {
            "id": row["pk"], "title": row["title"], "summary": row["summary"],
            "category": row["category_name"] or "", "national_project": row["project_name"] or "",
            "scope": row["scope"], "district": row["district_name"] or "",
            "microdistrict": row["microdistrict__name"] or "", "status": row["status"],
            "support_count": row["support_count"], "support_threshold": row["support_threshold"] or "",
            "estimated_budget": row["estimated_budget"] if row["estimated_budget"] is not None else "",
            "published_at": _iso(row["published_at"]), "best_practice": row["is_best_practice"], "author": author,
        }


def _initiatives_updated() -> dt.datetime | None:
    from initiatives.models import Initiative

    return Initiative.objects.public().aggregate(last=Max("updated_at"))["last"]


register_dataset(DataSet(
    "initiatives", _("Инициативы жителей"),
    _("Опубликованные инициативы: что предлагают, где, в каком статусе и сколько поддержек собрали."),
    (("id", _("номер инициативы на портале")), ("title", _("название")), ("summary", _("кратко"))
     , ("category", _("категория")), ("national_project", _("национальный проект")),
     ("scope", _("масштаб: microdistrict, district или city")), ("district", _("район")),
     ("microdistrict", _("микрорайон")), ("status", _("код статуса")), ("support_count", _("поддержек")),
     ("support_threshold", _("порог поддержки")), ("estimated_budget", _("оценка стоимости, ₽")),
     ("published_at", _("когда опубликована")), ("best_practice", _("отмечена как лучшая практика")),
     ("author", _("автор: всегда «житель», имена не публикуются"))),
    _initiative_rows, _initiatives_updated,
))


# Councils, TOS, managers --------------------------------------------------------------------


def _council_rows() -> Iterable[dict[str, Any]]:
    from councils.models import Council, CouncilMeeting

    meetings = CouncilMeeting.objects.published()
    for c in (Council.objects.select_related("district", "microdistrict", "tos").order_by("pk")
              .annotate(meeting_total=Count("meetings", filter=Q(meetings__in=meetings)))):
        yield {"id": c.pk, "kind": c.kind, "name": c.name, "district": c.district.name,
               "microdistrict": c.microdistrict.name if c.microdistrict else "", "tos": c.tos.name if c.tos else "",
               "is_active": c.is_active, "published_meetings": c.meeting_total}


register_dataset(DataSet(
    "councils", _("Советы"),
    _("Координационные советы районов, общественные советы микрорайонов и советы ТОС. Составы не выгружаются: "
      "имена членов советов есть на страницах советов."),
    (("id", _("номер")), ("kind", _("вид: district_coordination, microdistrict_public или tos_council")),
     ("name", _("название")), ("district", _("район")), ("microdistrict", _("микрорайон")), ("tos", _("ТОС")),
     ("is_active", _("действует")), ("published_meetings", _("опубликованных заседаний"))),
    _council_rows, lambda: None,
))


def _tos_rows() -> Iterable[dict[str, Any]]:
    from councils.models import TOS

    for t in TOS.objects.select_related("district").prefetch_related("microdistricts").order_by("pk"):
        yield {"id": t.pk, "name": t.name, "district": t.district.name,
               "microdistricts": "; ".join(m.name for m in t.microdistricts.all()),
               "territory_kind": t.territory_kind, "charter_registered_on": _iso(t.charter_registered_on),
               "is_legal_entity": t.is_legal_entity, "residents_covered": t.residents_covered or "",
               "status": t.status}


register_dataset(DataSet(
    "tos", _("Территориальное общественное самоуправление (ТОС)"),
    _("Реестр ТОС: территория, дата регистрации устава, статус."),
    (("id", _("номер")), ("name", _("название")), ("district", _("район")), ("microdistricts", _("микрорайоны")),
     ("territory_kind", _("вид территории")), ("charter_registered_on", _("дата регистрации устава")),
     ("is_legal_entity", _("юридическое лицо")), ("residents_covered", _("жителей на территории")),
     ("status", _("статус"))),
    _tos_rows, lambda: None,
))


def _manager_rows() -> Iterable[dict[str, Any]]:
    from councils.models import MicrodistrictManager

    for m in (MicrodistrictManager.objects.filter(is_active=True).select_related("district")
              .prefetch_related("microdistricts").order_by("pk")):
        yield {"full_name": m.full_name, "district": m.district.name,
               "microdistricts": "; ".join(x.name for x in m.microdistricts.all()), "work_phone": m.work_phone,
               "work_email": m.work_email, "office_address": m.office_address,
               "reception_hours": m.reception_hours}


register_dataset(DataSet(
    "managers", _("Управляющие микрорайонами: рабочие контакты"),
    _("Сотрудники администрации, отвечающие за микрорайоны: рабочие телефоны и e-mail, приёмная и часы приёма."),
    (("full_name", _("ФИО сотрудника")), ("district", _("район")), ("microdistricts", _("микрорайоны")),
     ("work_phone", _("рабочий телефон")), ("work_email", _("рабочий e-mail")),
     ("office_address", _("адрес приёмной")), ("reception_hours", _("часы приёма"))),
    _manager_rows, lambda: None,
))


# The forum's resolutions ---------------------------------------------------------------------


def _resolution_rows() -> Iterable[dict[str, Any]]:
    from forum.models import ResolutionItem

    items = (ResolutionItem.objects.select_related("resolution__edition").order_by("resolution__adopted_on", "number")
             .annotate(report_total=Count("reports"), last_report=Max("reports__reported_on")))
    for i in items:
        yield {"year": i.resolution.edition.year, "number": i.number, "kind": i.kind, "text": i.text,
               "responsible": i.responsible_organisations, "deadline": _iso(i.deadline), "status": i.status,
               "percent": i.effective_percent, "reports": i.report_total, "last_report_on": _iso(i.last_report)}


def _resolutions_updated() -> dt.datetime | None:
    from forum.models import ResolutionItem

    return ResolutionItem.objects.aggregate(last=Max("updated_at"))["last"]


register_dataset(DataSet(
    "resolutions", _("Резолюции форума и их исполнение"),
    _("Пункты резолюций форума «Самоуправление Тольятти»: ответственные, сроки, статус и процент выполнения."),
    (("year", _("год форума")), ("number", _("номер пункта")), ("kind", _("decision — решили, recommendation — "
                                                                          "целесообразно")),
     ("text", _("текст пункта")), ("responsible", _("ответственные организации")), ("deadline", _("срок")),
     ("status", _("код статуса")), ("percent", _("выполнено, %")), ("reports", _("отчётов об исполнении")),
     ("last_report_on", _("дата последнего отчёта"))),
    _resolution_rows, _resolutions_updated,
))


def _report_rows() -> Iterable[dict[str, Any]]:
    from forum.models import ProgressReport

    for r in ProgressReport.objects.select_related("item__resolution__edition").order_by("reported_on", "pk"):
        yield {"year": r.item.resolution.edition.year, "item": r.item.number, "reported_on": _iso(r.reported_on),
               "text": r.text, "new_status": r.new_status,
               "new_percent": r.new_percent if r.new_percent is not None else ""}


register_dataset(DataSet(
    "resolution-reports", _("Отчёты об исполнении резолюций"),
    _("Датированные отчёты по пунктам резолюций; авторы отчётов не выгружаются."),
    (("year", _("год форума")), ("item", _("номер пункта")), ("reported_on", _("дата отчёта")),
     ("text", _("что сделано")), ("new_status", _("новый статус пункта")), ("new_percent", _("новый процент"))),
    _report_rows, _resolutions_updated,
))


# Normative acts -------------------------------------------------------------------------------


def _act_rows() -> Iterable[dict[str, Any]]:
    from acts.models import NormativeAct
    from acts.selectors import act_list

    for a in act_list():
        yield {"slug": a.slug, "title": a.title, "kind": a.kind, "status": a.status, "drafted_by": a.drafted_by,
               "discussion_from": _iso(a.discussion_starts_on), "discussion_to": _iso(a.discussion_ends_on),
               "number": a.number, "adopted_on": _iso(a.adopted_on), "points": a.point_total,
               "comments": a.comment_total, "summary_published": a.summary_published_at is not None,
               "status_label": str(NormativeAct.Status(a.status).label)}


def _acts_updated() -> dt.datetime | None:
    from acts.selectors import public_acts

    return public_acts().aggregate(last=Max("updated_at"))["last"]


register_dataset(DataSet(
    "acts", _("Нормативные акты и их обсуждение"),
    _("Акты, вынесенные на общественное обсуждение: статус, сроки обсуждения, число пунктов и комментариев."),
    (("slug", _("код акта")), ("title", _("название")), ("kind", _("вид акта")), ("status", _("код статуса")),
     ("drafted_by", _("разработчик")), ("discussion_from", _("обсуждение с")), ("discussion_to", _("обсуждение по")),
     ("number", _("номер принятого акта")), ("adopted_on", _("дата принятия")), ("points", _("пунктов")),
     ("comments", _("комментариев жителей")), ("summary_published", _("итоги опубликованы")),
     ("status_label", _("статус"))),
    _act_rows, _acts_updated,
))


def _summary_rows() -> Iterable[dict[str, Any]]:
    from acts.models import ActPoint, PointVote

    points = (ActPoint.objects.filter(act__summary_published_at__isnull=False).select_related("act", "summary")
              .annotate(comment_count=Count("comments", filter=Q(comments__is_hidden=False), distinct=True),
                        support_count=Count("votes", filter=Q(votes__value=PointVote.Value.SUPPORT), distinct=True),
                        object_count=Count("votes", filter=Q(votes__value=PointVote.Value.OBJECT), distinct=True))
              .order_by("act_id", "position", "pk"))
    for p in points:
        summary = getattr(p, "summary", None) if hasattr(p, "summary") else None
        yield {"act": p.act.slug, "point": p.number, "text": p.text, "adopted_text": p.adopted_text,
               "comments": p.comment_count, "supports": p.support_count, "objections": p.object_count,
               "decision": summary.decision if summary else "", "reasoning": summary.reasoning if summary else ""}


register_dataset(DataSet(
    "act-summaries", _("Итоги обсуждения нормативных актов"),
    _("По каждому пункту акта с опубликованными итогами: текст проекта и принятая редакция, число комментариев "
      "и голосов, решение (accepted — учтено, partly — учтено частично, declined — не учтено) и его обоснование."),
    (("act", _("код акта")), ("point", _("номер пункта")), ("text", _("текст проекта")),
     ("adopted_text", _("принятая редакция")), ("comments", _("комментариев")), ("supports", _("поддержали")),
     ("objections", _("возразили")), ("decision", _("решение")), ("reasoning", _("обоснование"))),
    _summary_rows, _acts_updated,
))
