"""Demo content of the forum for `manage.py load_demo`.

The 2025 forum that adopted the real resolution (its text is kept verbatim in
fixtures/resolution_2025.txt and parsed, never retyped), its items with
realistic progress, and the 2026 forum with registration open, which carries
out the last item («проводить Форум … ежегодно»). Every row is found by a
natural key and updated in place, so loading twice changes nothing.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TextIO
from zoneinfo import ZoneInfo

from django.conf import settings
from django.db import transaction
from django.urls import NoReverseMatch, reverse

from core.demo import DemoRun
from councils.models import Council
from initiatives.models import Initiative

from .models import (
    DEFAULT_FORUM_TITLE,
    DEFAULT_FORUM_TITLE_EN,
    ForumEdition,
    Material,
    ProgressReport,
    Resolution,
    ResolutionItem,
    Section,
    Speaker,
)

RESOLUTION_FILE = Path(__file__).resolve().parent / "fixtures" / "resolution_2025.txt"
BULLET = "·"
SAMARA = ZoneInfo("Europe/Samara")
VENUE = "Дворец культуры, искусства и творчества"
ADDRESS = "г. Тольятти, ул. Юбилейная, 8"
CITY_ADMINISTRATION = "Администрация городского округа Тольятти"
CITY_DUMA = "Дума городского округа Тольятти"


@dataclass(frozen=True)
class ParsedResolution:
    title: str
    preamble: list[str]
    decisions_intro: str
    decisions: list[str]
    recommendations_intro: str
    recommendations: list[str]


def parse_resolution(text: str) -> ParsedResolution:
    """Split the adopted text into its parts, changing nothing but bullet markers and edge whitespace.

    Layout: two title lines, the preamble paragraphs, «Участники Форума решили:»
    with «·» bullets, then the sentence ending «целесообразно:» with more bullets.
    """
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    title = f"{lines[0]} {lines[1]}"
    preamble: list[str] = []
    decisions: list[str] = []
    recommendations: list[str] = []
    decisions_intro = recommendations_intro = ""
    for line in lines[2:]:
        if line.startswith(BULLET):
            item = line.removeprefix(BULLET).strip()
            (recommendations if recommendations_intro else decisions).append(item)
        elif line.endswith("решили:") and not decisions_intro:
            decisions_intro = line
        elif line.endswith("целесообразно:") and decisions_intro:
            recommendations_intro = line
        elif not decisions_intro:
            preamble.append(line)
        else:
            raise ValueError(f"Unexpected line in the resolution text: {line[:60]!r}")
    if not (preamble and decisions and recommendations):
        raise ValueError("The resolution text lost its structure (preamble, decisions, recommendations).")
    return ParsedResolution(title, preamble, decisions_intro, decisions, recommendations_intro, recommendations)


def load_resolution_text() -> ParsedResolution:
    return parse_resolution(RESOLUTION_FILE.read_text(encoding="utf-8"))


def _at(day: dt.date, hh_mm: str) -> dt.datetime:
    hour, minute = map(int, hh_mm.split(":"))
    return dt.datetime(day.year, day.month, day.day, hour, minute, tzinfo=SAMARA)


def _path(name: str, year: int, fallback: str) -> str:
    # The loader may run before the forum's URLs are wired in; the links must still be right then.
    try:
        path = reverse(name, args=[year])
    except NoReverseMatch:
        path = fallback
    return f"{settings.SITE_URL.rstrip('/')}{path}"


SPEAKERS: dict[str, tuple[str, str]] = {
    # name: (position, organisation) — fictional people in real kinds of roles.
    "Соколов Андрей Николаевич": ("заместитель главы городского округа по социальным вопросам", CITY_ADMINISTRATION),
    "Кузнецова Ольга Викторовна": ("председатель", "Координационный совет Автозаводского района"),
    "Белов Игорь Сергеевич": ("председатель совета ТОС", "ТОС «Шлюзовой»"),
    "Морозова Елена Александровна": (
        "управляющий микрорайоном «Жигулёвское море»", "Администрация Комсомольского района",
    ),
    "Григорьев Павел Олегович": ("руководитель ресурсного центра НКО", "АНО «Центр гражданских инициатив»"),
    "Васильева Наталья Игоревна": ("депутат", CITY_DUMA),
    "Захаров Максим Юрьевич": ("руководитель проектного офиса по национальным проектам", CITY_ADMINISTRATION),
    "Лебедева Анна Сергеевна": ("доцент кафедры конституционного и административного права",
                                "Тольяттинский государственный университет"),
    "Орлов Дмитрий Викторович": (
        "председатель комитета по социальным проектам", "Ассоциация предпринимателей Тольятти",
    ),
    "Фёдорова Светлана Петровна": ("председатель общественного совета микрорайона", "Общественный совет «4 квартал»"),
}

# (start, end, title, room, capacity, moderators, speakers, description)
SectionDef = tuple[str, str, str, str, int | None, str, tuple[str, ...], str]

SECTIONS_2025: tuple[SectionDef, ...] = (
    ("10:00", "11:30", "Пленарное заседание «Самоуправление Тольятти: от стратегии к практике»", "Большой зал", None,
     "Соколов Андрей Николаевич, заместитель главы городского округа",
     ("Соколов Андрей Николаевич", "Васильева Наталья Игоревна"),
     "Итоги взаимодействия власти и общественности и задачи на год вперёд."),
    ("12:00", "13:30", "ТОС как социальный ресурс города", "Малый зал", 120,
     "Кузнецова Ольга Викторовна", ("Белов Игорь Сергеевич", "Фёдорова Светлана Петровна"),
     "Опыт ТОС Тольятти: от подъезда до микрорайона. Как создать ТОС и зарегистрировать устав."),
    ("12:00", "13:30", "Общественные советы и управляющие микрорайонами", "Конференц-зал", 80,
     "Морозова Елена Александровна", ("Морозова Елена Александровна", "Кузнецова Ольга Викторовна"),
     "Как общественный совет микрорайона и управляющий работают вместе: приём жителей, заседания, решения."),
    ("14:00", "15:30", "Гражданские инициативы и национальные проекты", "Малый зал", 120,
     "Григорьев Павел Олегович", ("Захаров Максим Юрьевич", "Григорьев Павел Олегович"),
     "Инициативы жителей в благоустройстве, культуре, образовании и охране окружающей среды."),
    ("16:00", "17:00", "Подведение итогов и принятие резолюции", "Большой зал", None,
     "Соколов Андрей Николаевич", (), "Обсуждение и принятие резолюции Форума."),
)

SECTIONS_2026: tuple[SectionDef, ...] = (
    ("10:00", "11:30", "Пленарное заседание: год исполнения резолюции", "Большой зал", None,
     "Соколов Андрей Николаевич, заместитель главы городского округа",
     ("Соколов Андрей Николаевич", "Васильева Наталья Игоревна"),
     "Что сделано по каждому пункту резолюции Форума 2025 года и что осталось."),
    ("12:00", "13:30", "ТОС и общественные советы: лучшие практики", "Малый зал", 120,
     "Кузнецова Ольга Викторовна", ("Белов Игорь Сергеевич", "Фёдорова Светлана Петровна"),
     "Реализованные инициативы, которые можно повторить в своём дворе и квартале."),
    ("12:00", "13:30", "Национальные проекты на территории города", "Конференц-зал", 80,
     "Захаров Максим Юрьевич", ("Захаров Максим Юрьевич",),
     "«Инфраструктура для жизни», «Семья», «Молодёжь и дети»: как жителям участвовать в национальных проектах."),
    ("14:00", "15:30", "Инициативные группы и партнёрские проекты", "Малый зал", 120,
     "Григорьев Павел Олегович", ("Григорьев Павел Олегович", "Орлов Дмитрий Викторович"),
     "Как собрать инициативную группу, найти партнёров среди НКО и бизнеса и привлечь дополнительные источники."),
    ("14:00", "15:30", "Нормативные акты о взаимодействии с общественностью: открытое обсуждение", "Конференц-зал", 80,
     "Лебедева Анна Сергеевна", ("Лебедева Анна Сергеевна", "Васильева Наталья Игоревна"),
     "Обсуждение проекта положения о взаимодействии органов местного самоуправления с общественностью."),
    ("16:00", "17:00", "Итоги Форума и проект резолюции", "Большой зал", None,
     "Соколов Андрей Николаевич", (), "Обсуждение проекта резолюции Форума 2026 года."),
)


# The sections' titles in English (the descriptions stay in Russian).
SECTION_TITLES_EN: dict[str, str] = {
    "Пленарное заседание «Самоуправление Тольятти: от стратегии к практике»":
        "Plenary session “Self-Government of Tolyatti: from Strategy to Practice”",
    "ТОС как социальный ресурс города": "TOS as a social resource of the city",
    "Общественные советы и управляющие микрорайонами": "Public councils and microdistrict managers",
    "Гражданские инициативы и национальные проекты": "Civic initiatives and national projects",
    "Подведение итогов и принятие резолюции": "Summing up and adopting the resolution",
    "Пленарное заседание: год исполнения резолюции": "Plenary session: a year of carrying out the resolution",
    "ТОС и общественные советы: лучшие практики": "TOS and public councils: best practices",
    "Национальные проекты на территории города": "National projects in the city",
    "Инициативные группы и партнёрские проекты": "Initiative groups and partner projects",
    "Нормативные акты о взаимодействии с общественностью: открытое обсуждение":
        "Regulations on cooperation with the public: an open discussion",
    "Итоги Форума и проект резолюции": "The forum's results and the draft resolution",
}
RESOLUTION_TITLE_EN = "Resolution of the Forum “Self-Government of Tolyatti: from Strategy to Practice”"


@dataclass(frozen=True)
class ItemPlan:
    status: str
    percent: int
    organisations: str
    deadline: dt.date | None
    councils: bool
    best_practices: bool
    reports: tuple[tuple[dt.date, str, str, int | None], ...]  # (date, text, new status, new percent)


S = ResolutionItem.Status
ITEM_PLANS: tuple[ItemPlan, ...] = (
    ItemPlan(S.DONE, 100, "Участники Форума", None, False, False, (
        (dt.date(2025, 12, 19), "Резолюция направлена в Думу и Администрацию городского округа Тольятти; положение "
         "о роли ТОС учтено в плане работы координационных советов районов на 2026 год.", S.DONE, 100),
    )),
    ItemPlan(S.DONE, 100, f"{CITY_ADMINISTRATION}; администрации районов", None, True, False, (
        (dt.date(2026, 2, 12), "Общественные советы действуют во всех 85 микрорайонах города; сведения о советах, "
         "их составе и управляющих микрорайонами с часами приёма опубликованы на портале.", S.DONE, 100),
    )),
    ItemPlan(S.IN_PROGRESS, 40, CITY_ADMINISTRATION, dt.date(2026, 12, 31), True, True, (
        (dt.date(2026, 3, 20), "На портале открыт раздел лучших практик: реализованные инициативы жителей с описанием, "
         "как их повторить.", S.IN_PROGRESS, 20),
        (dt.date(2026, 9, 15), "Лучшие практики ТОС представлены на заседаниях координационных советов всех трёх "
         "районов; подготовлена площадка Форума 2026 года.", S.IN_PROGRESS, 40),
    )),
    ItemPlan(S.IN_PROGRESS, 30, f"{CITY_ADMINISTRATION}; {CITY_DUMA}", dt.date(2026, 12, 31), False, False, (
        (dt.date(2026, 6, 10), "Подготовлен проект положения о взаимодействии органов местного самоуправления "
         "с общественностью; проект будет вынесен на открытое обсуждение на Форуме 2026 года.", S.IN_PROGRESS, 30),
    )),
    ItemPlan(S.IN_PROGRESS, 50, CITY_ADMINISTRATION, dt.date(2026, 12, 31), True, False, (
        (dt.date(2026, 4, 1), "Запущен портал «Самоуправление Тольятти»: реестр общественных советов, ТОС "
         "и управляющих микрорайонами, заседания и протоколы в открытом доступе.", S.IN_PROGRESS, 50),
    )),
    ItemPlan(S.IN_PROGRESS, 35, CITY_ADMINISTRATION, dt.date(2027, 6, 30), False, False, (
        (dt.date(2026, 5, 15), "Инициативы жителей на портале связываются с национальными проектами; проведены "
         "встречи с жителями по проекту «Инфраструктура для жизни» в трёх районах.", S.IN_PROGRESS, 35),
    )),
    ItemPlan(S.NOT_STARTED, 0, f"{CITY_ADMINISTRATION}; ресурсный центр НКО", dt.date(2027, 6, 30), True, False, ()),
    ItemPlan(S.IN_PROGRESS, 60, CITY_ADMINISTRATION, dt.date(2026, 12, 10), False, False, (
        (dt.date(2026, 9, 1), "Форум 2026 года назначен на 10 декабря 2026 года; открыты регистрация участников "
         "и приём тем для программы.", S.IN_PROGRESS, 60),
    )),
)


def _edition(
    year: int, status: str, day: dt.date, theme: tuple[str, str], capacity: int, description: str,
) -> ForumEdition:
    # Translated fields are named with their language: the values land in their columns whatever
    # language is active, and an existing edition gets the English on the next run.
    edition, _created = ForumEdition.objects.update_or_create(
        year=year,
        defaults={
            "title_ru": DEFAULT_FORUM_TITLE, "title_en": DEFAULT_FORUM_TITLE_EN,
            "theme_ru": theme[0], "theme_en": theme[1], "status": status,
            "starts_at": _at(day, "10:00"), "ends_at": _at(day, "17:00"), "venue": VENUE, "address": ADDRESS,
            "capacity": capacity, "description": description,
        },
    )
    return edition


def _sections(edition: ForumEdition, day: dt.date, defs: tuple[SectionDef, ...], speakers: dict[str, Speaker]) -> None:
    for start, end, title, room, capacity, moderators, names, description in defs:
        section, _created = Section.objects.update_or_create(
            edition=edition, title_ru=title,
            defaults={
                "title_en": SECTION_TITLES_EN[title],
                "starts_at": _at(day, start), "ends_at": _at(day, end), "room": room, "capacity": capacity,
                "moderators": moderators, "description": description,
            },
        )
        section.speakers.set([speakers[name] for name in names])


@transaction.atomic
def load_forum_demo(stdout: TextIO | None = None) -> None:
    parsed = load_resolution_text()
    expected = len(ITEM_PLANS)
    if len(parsed.decisions) + len(parsed.recommendations) != expected:
        raise ValueError(f"The resolution should have {expected} items.")

    speakers = {
        name: Speaker.objects.update_or_create(name=name, organisation=org, defaults={"position": position})[0]
        for name, (position, org) in SPEAKERS.items()
    }

    held_on = dt.date(2025, 12, 11)
    forum_2025 = _edition(
        2025, ForumEdition.Status.HELD, held_on,
        ("Взаимодействие власти и общественности", "Cooperation between the authorities and the public"), 400,
        "Первый городской форум территориального общественного самоуправления: ТОС, общественные советы "
        "микрорайонов, управляющие микрорайонами, депутаты, НКО и бизнес. Итог — резолюция Форума.",
    )
    _sections(forum_2025, held_on, SECTIONS_2025, speakers)

    next_day = dt.date(2026, 12, 10)
    forum_2026 = _edition(
        2026, ForumEdition.Status.REGISTRATION_OPEN, next_day,
        ("Год исполнения резолюции: что сделано и что дальше",
         "The year of the resolution: what has been done and what comes next"), 350,
        "Второй ежегодный форум. Отчёт об исполнении резолюции 2025 года, лучшие практики ТОС и общественных "
        "советов, открытое обсуждение нормативных актов. Участие бесплатное по регистрации.",
    )
    _sections(forum_2026, next_day, SECTIONS_2026, speakers)

    for position, (title, url) in enumerate((
        ("Резолюция Форума 2025 года", _path("forum:resolution", 2025, "/forum/2025/resolution/")),
        ("Программа Форума 2025 года (iCalendar)", _path("forum:programme_ics", 2025, "/forum/2025/programme.ics")),
    )):
        Material.objects.update_or_create(
            edition=forum_2025, title=title,
            defaults={"kind": Material.Kind.DOCUMENT, "url": url, "position": position},
        )

    resolution, _created = Resolution.objects.update_or_create(
        edition=forum_2025,
        defaults={
            "title_ru": parsed.title, "title_en": RESOLUTION_TITLE_EN,
            "preamble": "\n\n".join(parsed.preamble), "adopted_on": held_on,
            "decisions_intro": parsed.decisions_intro, "recommendations_intro": parsed.recommendations_intro,
        },
    )
    coordination = list(Council.objects.filter(kind=Council.Kind.DISTRICT_COORDINATION).order_by("pk"))
    best_practices = list(
        Initiative.objects.public().filter(is_best_practice=True).order_by("pk")[:5]
        or Initiative.objects.public().filter(status=Initiative.Status.IMPLEMENTED).order_by("pk")[:5]
    )
    texts = [(ResolutionItem.Kind.DECISION, t) for t in parsed.decisions] + [
        (ResolutionItem.Kind.RECOMMENDATION, t) for t in parsed.recommendations
    ]
    for number, ((kind, text), plan) in enumerate(zip(texts, ITEM_PLANS, strict=True), start=1):
        item, _created = ResolutionItem.objects.update_or_create(
            resolution=resolution, number=number,
            defaults={
                "kind": kind, "text": text, "status": plan.status, "progress_percent": plan.percent,
                "responsible_organisations": plan.organisations, "deadline": plan.deadline,
                "next_edition": forum_2026 if number == expected else None,
            },
        )
        item.responsible_councils.set(coordination if plan.councils else [])
        item.initiatives.set(best_practices if plan.best_practices else [])
        for reported_on, report_text, new_status, new_percent in plan.reports:
            ProgressReport.objects.update_or_create(
                item=item, reported_on=reported_on,
                defaults={"text": report_text, "new_status": new_status, "new_percent": new_percent},
            )

    if stdout is not None:
        reports = ProgressReport.objects.filter(item__resolution=resolution).count()
        stdout.write(
            f"Форум: выпусков {ForumEdition.objects.count()}, площадок {Section.objects.count()}, "
            f"спикеров {Speaker.objects.count()}; резолюция {forum_2025.year} года: "
            f"пунктов {resolution.items.count()}, отчётов об исполнении {reports}.\n"
        )


def load_demo(run: DemoRun) -> None:
    """The forum's demo loader (core.demo registry, order 20)."""
    load_forum_demo(stdout=run.stdout)
