"""Demo normative acts for `manage.py load_demo`.

Two acts, built through the services so statuses, versions and the history are true:
the draft regulation on TOS open for discussion with comments and votes on several
points, and an adopted regulation on public councils of microdistricts with its
discussion summary and adopted text. Idempotent: an act whose slug exists is left alone.
"""

from __future__ import annotations

import datetime as dt

from django.core.files.base import ContentFile
from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.demo import DemoRun
from councils.models import District
from notifications.models import Event

from . import services
from .models import ActPoint, ActSection, DiscussionSummary, NormativeAct, PointVote

TOS_SLUG = "polozhenie-o-tos"
COUNCILS_SLUG = "polozhenie-ob-obshchestvennyh-sovetah-mikrorayonov"

TOS_ACT = {
    "slug": TOS_SLUG, "kind": NormativeAct.Kind.REGULATION,
    "title": "Положение о территориальном общественном самоуправлении в городском округе Тольятти",
    "summary": "Проект нового положения: как жители создают ТОС, регистрируют устав и границы, как ТОС "
               "получает поддержку города и отчитывается перед жителями.",
    "drafted_by": "Управление взаимодействия с общественностью администрации городского округа Тольятти",
    "sections": [
        ("1", "Общие положения", [
            ("1.1", "Настоящее Положение определяет порядок организации и осуществления территориального "
                    "общественного самоуправления (ТОС) в городском округе Тольятти в соответствии со статьёй 27 "
                    "Федерального закона № 131-ФЗ."),
            ("1.2", "ТОС осуществляется жителями, достигшими шестнадцатилетнего возраста, на части территории "
                    "городского округа: подъезд, многоквартирный дом, группа домов, микрорайон."),
        ]),
        ("2", "Создание ТОС и установление границ", [
            ("2.1", "Границы территории ТОС устанавливаются Думой городского округа по предложению жителей в "
                    "течение 30 дней со дня поступления предложения."),
            ("2.2", "Учредительное собрание считается правомочным, если в нём участвует не менее одной трети "
                    "жителей соответствующей территории."),
            ("2.3", "Устав ТОС регистрируется администрацией городского округа в течение 15 рабочих дней."),
        ]),
        ("3", "Поддержка ТОС", [
            ("3.1", "Администрация ежегодно проводит конкурс проектов ТОС и предоставляет победителям субсидии "
                    "из бюджета городского округа."),
            ("3.2", "Управляющий микрорайоном оказывает ТОС консультационную помощь и предоставляет помещение "
                    "для собраний по согласованию."),
        ]),
        ("4", "Отчётность", [
            ("4.1", "Совет ТОС ежегодно отчитывается о своей деятельности на собрании (конференции) жителей."),
        ]),
    ],
}

COUNCILS_ACT = {
    "slug": COUNCILS_SLUG, "kind": NormativeAct.Kind.ADMINISTRATION_RESOLUTION,
    "title": "Положение об общественных советах микрорайонов городского округа Тольятти",
    "summary": "Порядок формирования и работы общественных советов микрорайонов (ОСМ): состав, заседания, "
               "протоколы, связь с управляющими микрорайонами.",
    "drafted_by": "Администрация городского округа Тольятти",
    "sections": [
        ("1", "Состав совета", [
            ("1.1", "В состав общественного совета микрорайона входят старшие по домам, депутаты, представители "
                    "школ, учреждений культуры, социальной защиты, поликлиник и участковый уполномоченный полиции.",
             "В состав общественного совета микрорайона входят старшие по домам, председатели советов ТОС, "
             "депутаты, представители школ, учреждений культуры, социальной защиты, поликлиник и участковый "
             "уполномоченный полиции."),
            ("1.2", "Председатель совета избирается на первом заседании на два года.",
             "Председатель совета избирается на первом заседании на два года."),
        ]),
        ("2", "Заседания", [
            ("2.1", "Совет собирается не реже одного раза в квартал.",
             "Совет собирается не реже одного раза в два месяца; повестка публикуется на портале за семь дней."),
            ("2.2", "Протокол заседания направляется управляющему микрорайоном.",
             "Протокол заседания публикуется на портале в течение десяти дней и направляется управляющему "
             "микрорайоном."),
            ("2.3", "Заседание проводится только в очной форме.", ""),
        ]),
    ],
}

TOS_COMMENTS = {
    "2.1": ["30 дней — слишком долго, Дума собирается раз в месяц. Предлагаю 20 рабочих дней.",
            "Поддерживаю, а ещё нужно написать, что отказ должен быть мотивированным."],
    "2.2": ["Одна треть для большого микрорайона — это тысячи человек. Для микрорайона стоит разрешить "
            "конференцию делегатов от домов."],
    "3.1": ["Хорошо бы прописать, что конкурс объявляется до 1 марта, иначе летние проекты не успевают."],
    "3.2": ["Помещение нужно не только для собраний, но и для хранения инвентаря для субботников."],
}
TOS_REPLY = ("2.1", "Согласен, и сроки нужно считать со дня регистрации обращения, а не со дня заседания.")
TOS_VOTES = {"1.2": (24, 2), "2.1": (8, 31), "2.2": (12, 17), "2.3": (19, 3), "3.1": (40, 1), "3.2": (27, 2),
             "4.1": (15, 4)}

COUNCILS_COMMENTS = {
    "1.1": ["В составе нет председателей ТОС, а они лучше всех знают дворы."],
    "2.1": ["Раз в квартал мало: за три месяца вопросы устаревают."],
    "2.2": ["Протоколы должны быть публичными, жители их не видят."],
    "2.3": ["Нужна возможность заседать онлайн, зимой пожилым трудно добираться."],
}
COUNCILS_SUMMARY = {
    "1.1": ("accepted", "Председатели советов ТОС включены в состав совета."),
    "2.1": ("partly", "Периодичность увеличена до одного раза в два месяца (предлагали ежемесячно); добавлена "
                      "публикация повестки."),
    "2.2": ("accepted", "Протоколы публикуются на портале в течение десяти дней."),
    "2.3": ("accepted", "Пункт исключён: заседание может проходить и в смешанной форме."),
}

# A minimal valid PDF: the upload check reads the content, not the name.
DEMO_PDF = (b"%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n"
            b"3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 595 842]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n")


def _residents() -> list[User]:
    """The demo residents created by the initiatives' demo (Житель 1…120), whoever exists."""
    return list(User.objects.filter(email__endswith="@residents.demo.tolyatti.local", is_active=True)
                .order_by("pk")[:80])


def _staff() -> User | None:
    return User.objects.filter(is_superuser=True, is_active=True).order_by("pk").first()


def _build(spec: dict, *, adopted_texts: bool) -> NormativeAct:
    act = NormativeAct.objects.create(
        slug=spec["slug"], kind=spec["kind"], title=spec["title"], summary=spec["summary"],
        drafted_by=spec["drafted_by"],
    )
    position = 0
    for s_pos, (number, title, points) in enumerate(spec["sections"]):
        section = ActSection.objects.create(act=act, number=number, title=title, position=s_pos)
        for point in points:
            position += 1
            ActPoint.objects.create(act=act, section=section, number=point[0], text=point[1], position=position,
                                    adopted_text=point[2] if adopted_texts and len(point) > 2 else "")
    return act


def _discuss(act: NormativeAct, residents: list[User], comments: dict, votes: dict) -> None:
    points = {p.number: p for p in act.points.all()}
    index = 0
    for number, bodies in comments.items():
        for body in bodies:
            services.comment_add(points[number], author=residents[index % len(residents)], body=body)
            index += 1
    for number, (support, objection) in votes.items():
        voters = residents[: support + objection]
        PointVote.objects.bulk_create(
            [PointVote(point=points[number], user=u, value=PointVote.Value.SUPPORT) for u in voters[:support]]
            + [PointVote(point=points[number], user=u, value=PointVote.Value.OBJECT) for u in voters[support:]],
            ignore_conflicts=True,
        )


def load_acts_demo(run: DemoRun) -> int:
    residents = _residents()
    staff = _staff()
    if not residents or staff is None:
        run.write("Нормативные акты: нет демо-жителей, пропущено\n")
        return 0
    created = 0
    today = timezone.localdate()
    with transaction.atomic():
        first_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        if not NormativeAct.objects.filter(slug=TOS_SLUG).exists():
            act = _build(TOS_ACT, adopted_texts=False)
            services.open_discussion(act, actor=staff, starts_on=today - dt.timedelta(days=10),
                                     ends_on=today + dt.timedelta(days=20))
            _discuss(act, residents, TOS_COMMENTS, TOS_VOTES)
            point, body = TOS_REPLY
            parent = act.points.get(number=point).comments.order_by("pk").first()
            services.comment_add(parent.point, author=residents[-1], body=body, parent=parent)
            created += 1
        if not NormativeAct.objects.filter(slug=COUNCILS_SLUG).exists():
            act = _build(COUNCILS_ACT, adopted_texts=True)
            act.districts.set(District.objects.all())
            services.open_discussion(act, actor=staff, starts_on=today, ends_on=today + dt.timedelta(days=1))
            _discuss(act, residents[10:], COUNCILS_COMMENTS, {"1.1": (30, 2), "2.1": (12, 20), "2.2": (35, 0)})
            services.close_discussion(act, actor=staff)
            for number, (decision, reasoning) in COUNCILS_SUMMARY.items():
                services.summary_set(act.points.get(number=number), actor=staff, decision=decision,
                                     reasoning=reasoning)
            services.adopt(act, actor=staff, number="1450-п/1", adopted_on=dt.date(2025, 11, 20))
            act.adopted_pdf.save("adopted.pdf", ContentFile(DEMO_PDF), save=True)
            services.publish_summary(act, actor=staff)
            # The discussion really ran in the autumn; the demo moves its window there.
            NormativeAct.objects.filter(pk=act.pk).update(discussion_starts_on=dt.date(2025, 9, 15),
                                                          discussion_ends_on=dt.date(2025, 10, 15))
            created += 1
        # A demo load is not news: drop the events it raised so nobody is mailed.
        Event.objects.filter(pk__gt=first_event).delete()
    run.write(f"Нормативные акты: создано {created}, всего {NormativeAct.objects.count()}, "
              f"итогов по пунктам {DiscussionSummary.objects.count()}\n")
    return created
