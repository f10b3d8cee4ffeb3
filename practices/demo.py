"""Demo cases for the best-practices library, and the resolution item's report linking to it.

Idempotent: a case is found by its slug; photos are drawn with Pillow so the library has
before/after pictures without shipping binary files.
"""

from __future__ import annotations

import io
from decimal import Decimal

from django.core.files.base import ContentFile
from django.urls import reverse
from PIL import Image, ImageDraw

from core.demo import DemoRun
from councils.models import District, Microdistrict
from initiatives.models import Category, NationalProject

from .models import PracticeCase

CASES = (
    {
        "slug": "tos-zhigulevskoe-more-dvor", "title": "Двор без машин на газонах: ТОС «Жигулёвское море»",
        "organisation": "ТОС «Жигулёвское море», Комсомольский район", "district": "komsomolsky",
        "microdistrict": "zhigulevskoe-more", "category": "blagoustroystvo",
        "national_project": "infrastruktura-dlya-zhizni", "year": 2024,
        "problem": "Машины парковались на газонах у трёх домов, весной двор превращался в грязь.",
        "solution": "Жители на собрании согласовали схему парковки, ТОС получил субсидию по конкурсу проектов ТОС; "
                    "установлены 120 метров ограждения газонов и 40 парковочных мест с экопарковкой.",
        "budget": Decimal("640000"), "budget_sources": "субсидия городского округа (80 %), средства жителей (20 %)",
        "partners": "управляющая компания, депутат городской Думы по округу",
        "results": "40 парковочных мест, 1 200 м² восстановленного газона, 3 дома, 420 жителей; жалоб на парковку "
                   "за год — ни одной.",
        "how_to_repeat": "Начните с собрания жителей и схемы двора; заявку на конкурс ТОС подают до 1 марта.",
        "contact_role": "председатель совета ТОС — через управляющего микрорайоном",
        "needs": ("money", "volunteers"),
    },
    {
        "slug": "osm-7-kvartal-dosug-pozhilyh", "title": "Клуб «Серебряный возраст» в библиотеке 7 квартала",
        "organisation": "Общественный совет микрорайона «7 квартал»", "district": "avtozavodsky",
        "microdistrict": "kvartal-7", "category": "socialnaya-podderzhka",
        "national_project": "prodolzhitelnaya-i-aktivnaya-zhizn", "year": 2025,
        "problem": "Пожилым жителям квартала некуда прийти днём: ближайший центр досуга — в другом районе.",
        "solution": "Совет договорился с библиотекой о зале два раза в неделю; волонтёры школы ведут занятия по "
                    "смартфонам, врач поликлиники — лекции о здоровье.",
        "budget": Decimal("45000"), "budget_sources": "грант ресурсного центра НКО",
        "partners": "библиотека № 12, школа № 93, поликлиника № 3",
        "results": "86 постоянных участников, 64 встречи за год, 30 человек освоили Госуслуги.",
        "how_to_repeat": "Нужен зал на 20–30 человек и 2–3 волонтёра; расходы — чай и распечатки.",
        "contact_role": "секретарь общественного совета микрорайона",
        "needs": ("volunteers", "expertise"),
    },
    {
        "slug": "shlyuzovoy-ekotropa", "title": "Экотропа к Волге в Шлюзовом",
        "organisation": "Инициативная группа жителей Шлюзового и школа № 38", "district": "komsomolsky",
        "microdistrict": "shlyuzovoy", "category": "ekologiya", "national_project": "ekologicheskoe-blagopoluchie",
        "year": 2025,
        "problem": "Тропа к берегу заросла и была завалена мусором; дети ходили по проезжей части.",
        "solution": "Три субботника, 600 м тропы с отсыпкой, 12 информационных табличек о птицах Волги, урны.",
        "budget": Decimal("210000"), "budget_sources": "программа партнёра, средства предприятий района",
        "partners": "экологическое НКО, предприятия Комсомольского района",
        "results": "600 м тропы, вывезено 9 т мусора, 150 участников субботников.",
        "how_to_repeat": "Согласуйте трассу с администрацией района; таблички можно заказать у школьников.",
        "contact_role": "управляющий микрорайоном",
        "needs": ("volunteers", "materials"),
    },
)

BEST_PRACTICES_REPORT = "На портале открыт раздел лучших практик"


def _photo(text: str, colour: tuple[int, int, int]) -> ContentFile:
    image = Image.new("RGB", (640, 400), colour)
    ImageDraw.Draw(image).text((24, 24), text, fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=80)
    return ContentFile(buffer.getvalue(), name="photo.jpg")


def load_practices_demo(run: DemoRun) -> int:
    created = 0
    for spec in CASES:
        if PracticeCase.objects.filter(slug=spec["slug"]).exists():
            continue
        needs = spec["needs"]
        case = PracticeCase(
            slug=spec["slug"], title=spec["title"], organisation=spec["organisation"], problem=spec["problem"],
            solution=spec["solution"], budget=spec["budget"], budget_sources=spec["budget_sources"],
            partners=spec["partners"], results=spec["results"], how_to_repeat=spec["how_to_repeat"],
            year=spec["year"], contact_role=spec["contact_role"], is_published=True,
            category=Category.objects.filter(slug=spec["category"]).first(),
            national_project=NationalProject.objects.filter(slug=spec["national_project"]).first(),
            district=District.objects.filter(slug=spec["district"]).first(),
            microdistrict=Microdistrict.objects.filter(slug=spec["microdistrict"]).first(),
            needs_money="money" in needs, needs_volunteers="volunteers" in needs,
            needs_materials="materials" in needs, needs_expertise="expertise" in needs,
        )
        case.photo_before.save("before.jpg", _photo("before", (120, 110, 100)), save=False)
        case.photo_after.save("after.jpg", _photo("after", (60, 140, 80)), save=False)
        case.save()
        created += 1
    _link_resolution_report()
    run.write(f"Лучшие практики: создано {created}, всего {PracticeCase.objects.count()}\n")
    return created


def _link_resolution_report() -> None:
    """The forum's report «На портале открыт раздел лучших практик» points at the library."""
    from forum.models import ProgressReport

    ProgressReport.objects.filter(text__startswith=BEST_PRACTICES_REPORT, evidence_url="").update(
        evidence_url=reverse("practices:library")
    )
