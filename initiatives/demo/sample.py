"""Demo initiatives for `manage.py load_demo`: a realistic handful in every status.

Built through the services, so every initiative has a true timeline (StatusChange
rows), exact support counters and valid photos. Idempotent: an initiative whose
title already exists is left alone.
"""

from __future__ import annotations

import io
import random
from dataclasses import dataclass, field
from decimal import Decimal
from typing import TextIO

from allauth.account.models import EmailAddress
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import transaction
from PIL import Image, ImageDraw

from accounts.models import User
from accounts.services import consent_record
from councils.models import Microdistrict
from notifications.models import Event

from .. import services
from ..models import Category, Initiative, NationalProject

S = Initiative.Status
DEMO_DOMAIN = "residents.demo.tolyatti.local"


@dataclass(frozen=True)
class DemoInitiative:
    title: str
    summary: str
    description: str
    category: str  # Category slug
    microdistrict: str  # Microdistrict slug, or "" for a city-wide one
    address: str
    status: str
    supports: int = 0
    national_project: str = ""
    needs: tuple[str, ...] = ()
    budget: int | None = None
    comments: tuple[str, ...] = ()
    response: str = ""
    progress: tuple[str, ...] = field(default_factory=tuple)
    best_practice: str = ""
    reason: str = ""


DEMO: tuple[DemoInitiative, ...] = (
    DemoInitiative(
        "Скамейки и урны у детской площадки на Цветном бульваре",
        "Поставить пять скамеек и урны вокруг площадки, где гуляют мамы с колясками.",
        "Во дворе домов 3–7 по Цветному бульвару новая детская площадка, но сесть рядом негде. "
        "Предлагаем поставить пять скамеек со спинками и четыре урны. Жители готовы следить за порядком.",
        "blagoustroystvo", "kvartal-7", "Цветной бульвар, 4", S.PUBLISHED, supports=38,
        national_project="infrastruktura-dlya-zhizni", needs=("money", "volunteers"), budget=180_000,
        comments=("Очень нужно, сидим на бордюрах.", "Поддерживаю, готов помочь с установкой."),
    ),
    DemoInitiative(
        "Освещение пешеходной дорожки к школе № 93",
        "Установить шесть фонарей вдоль тропинки от остановки к школе: зимой дети идут в темноте.",
        "Тропинка длиной около 300 метров от остановки «Школа» до школы № 93 не освещена. "
        "Зимой в 7:30 утра совсем темно. Просим установить фонари на солнечных батареях или подключить к сети.",
        "bezopasnost", "kvartal-2", "улица Юбилейная, 11", S.CONSIDERATION, supports=112,
        national_project="infrastruktura-dlya-zhizni", needs=("money",), budget=650_000,
        response="Заявка включена в план проверки. Подрядчик обследует линию освещения до 15 декабря.",
    ),
    DemoInitiative(
        "Субботник и посадка деревьев в сквере на улице Баныкина",
        "Весенний субботник с посадкой 30 лип вдоль аллеи сквера.",
        "Старые тополя вдоль аллеи спилили, сквер стал пустым. Предлагаем весной провести субботник и "
        "посадить 30 лип. Саженцы готов предоставить питомник, нужны лопаты, перчатки и вывоз мусора.",
        "ekologiya", "ulitsa-banykina", "улица Баныкина, сквер", S.IMPLEMENTED, supports=104,
        national_project="ekologicheskoe-blagopoluchie", needs=("volunteers", "materials"),
        progress=("Саженцы получены, разметка посадочных мест сделана.", "Посажено 30 лип, установлены таблички."),
        best_practice="Договоритесь с питомником заранее, зимой; объявление в чате дома собрало 60 человек. "
        "Управляющий микрорайоном помог с вывозом мусора.",
    ),
    DemoInitiative(
        "Кружок истории Тольятти для школьников в библиотеке",
        "Бесплатные занятия по истории старого города для детей 10–14 лет по субботам.",
        "Библиотека на площади Свободы готова дать помещение. Ведущие — краеведы-волонтёры. "
        "Нужны проектор и печать материалов.",
        "kultura", "ploshchad-svobody", "площадь Свободы, 3", S.IN_PROGRESS, supports=64,
        national_project="molodezh-i-deti", needs=("materials", "expertise"), budget=40_000,
        progress=("Проведены первые три занятия, записалось 18 детей.",),
    ),
    DemoInitiative(
        "Ремонт хоккейной коробки во дворе на улице Матросова",
        "Заменить борта и сетки хоккейной коробки, залить каток к декабрю.",
        "Коробка у домов 12–18 по улице Матросова разрушена: борта сгнили, сетки порваны. "
        "Зимой дети играют на дороге. Просим заменить борта, а заливку льда жители берут на себя.",
        "sport", "ulitsa-matrosova", "улица Матросова, 16", S.PUBLISHED, supports=17,
        national_project="prodolzhitelnaya-i-aktivnaya-zhizn", needs=("money", "volunteers"), budget=420_000,
        comments=("Сами готовы заливать каждую неделю.",),
    ),
    DemoInitiative(
        "Пандус в подъезде дома на улице Шлюзовой, 6",
        "Установить откидной пандус для жительницы на коляске и для мам с колясками.",
        "В подъезде № 2 восемь ступеней без пандуса. Нужен откидной пандус по нормам доступной среды.",
        "socialnaya-podderzhka", "shlyuzovoy", "улица Шлюзовая, 6", S.ACCEPTED, supports=64,
        needs=("money",), budget=95_000,
        response="Администрация Комсомольского района включила установку пандуса в план на первый квартал.",
    ),
    DemoInitiative(
        "Парковка вместо газона у дома на Ленинском проспекте",
        "Сделать парковку на 20 машин на месте газона.",
        "Машины ставят на газон и тротуар, предлагаем заасфальтировать газон под парковку.",
        "transport", "kvartal-2", "Ленинский проспект, 20", S.REJECTED, supports=0,
        reason="Газон — часть озеленения квартала; по правилам благоустройства его нельзя занимать "
        "под парковку. Предложите, пожалуйста, вариант на месте старых гаражей.",
    ),
    DemoInitiative(
        "Фестиваль соседей в 15 квартале",
        "Летний праздник двора: ярмарка, мастер-классы, концерт самодеятельности.",
        "Хотим познакомить соседей и собрать инициативную группу для благоустройства двора.",
        "dosug", "kvartal-15", "улица Офицерская, 20", S.MODERATION, supports=0,
        needs=("volunteers", "materials"),
    ),
    DemoInitiative(
        "Экологическая тропа у Жигулёвского моря",
        "Разметить тропу с информационными табличками о птицах и растениях побережья.",
        "Маршрут около 2 км вдоль берега. Нужны таблички, скамейки на смотровых точках и урны.",
        "ekologiya", "zhigulevskoe-more", "берег Жигулёвского моря", S.EXPIRED, supports=23,
        national_project="turizm-i-gostepriimstvo", needs=("money", "expertise"),
    ),
    DemoInitiative(
        "Общегородской конкурс «Лучший двор Тольятти»",
        "Ежегодный конкурс дворов с призами от партнёров для инициативных групп.",
        "Конкурс поможет распространять лучшие практики и привлечь партнёров к благоустройству.",
        "blagoustroystvo", "", "весь город", S.PUBLISHED, supports=210,
        national_project="infrastruktura-dlya-zhizni", needs=("money", "expertise"),
        comments=("Отличная идея, наш ТОС готов участвовать.",),
    ),
)


def demo_photo(seed: int, label: str) -> SimpleUploadedFile:
    """A generated illustration (sky, trees, a bench) — enough to show the gallery."""
    rng = random.Random(seed)
    image = Image.new("RGB", (1200, 800), (120 + rng.randint(0, 60), 170 + rng.randint(0, 40), 220))
    draw = ImageDraw.Draw(image)
    draw.rectangle([0, 520, 1200, 800], fill=(80 + rng.randint(0, 40), 140 + rng.randint(0, 30), 70))
    for _ in range(6):
        x = rng.randint(40, 1160)
        draw.rectangle([x - 8, 380, x + 8, 560], fill=(101, 67, 33))
        draw.ellipse([x - 70, 260, x + 70, 420], fill=(40, 110 + rng.randint(0, 50), 50))
    draw.rectangle([480, 600, 720, 620], fill=(120, 80, 40))
    draw.text((40, 40), label.encode("ascii", "ignore").decode() or "demo", fill=(255, 255, 255))
    buffer = io.BytesIO()
    image.save(buffer, format="JPEG", quality=85)
    return SimpleUploadedFile(f"demo-{seed}.jpg", buffer.getvalue(), content_type="image/jpeg")


def _residents(count: int) -> list[User]:
    """Residents as if registered: confirmed e-mail and consent given, no usable password."""
    users = []
    for number in range(1, count + 1):
        email = f"resident{number}@{DEMO_DOMAIN}"
        user = User.objects.filter(email=email).first()
        if user is None:
            user = User.objects.create_user(email, None, display_name=f"Житель {number}")
            EmailAddress.objects.create(user=user, email=email, verified=True, primary=True)
            consent_record(user=user)
        users.append(user)
    return users


def _staff() -> User:
    staff = User.objects.filter(is_superuser=True).order_by("pk").first()
    if staff is None:
        staff = User.objects.create_superuser(f"demo-staff@{DEMO_DOMAIN}", None, display_name="Сотрудник администрации")
    return staff


def _create(spec: DemoInitiative, number: int, author: User, staff: User, residents: list[User]) -> None:
    microdistrict = Microdistrict.objects.filter(slug=spec.microdistrict).first() if spec.microdistrict else None
    if spec.microdistrict and microdistrict is None:
        microdistrict = Microdistrict.objects.order_by("pk")[number % Microdistrict.objects.count()]
    data = {
        "title": spec.title, "summary": spec.summary, "description": spec.description,
        "category": Category.objects.get(slug=spec.category), "address": spec.address,
        "national_project": NationalProject.objects.filter(slug=spec.national_project).first(),
        "scope": "microdistrict" if microdistrict else "city", "microdistrict": microdistrict,
        "estimated_budget": spec.budget, **{f"needs_{need}": True for need in spec.needs},
    }
    if microdistrict and microdistrict.latitude is not None:
        jitter = random.Random(number)
        data["latitude"] = round(Decimal(microdistrict.latitude) + Decimal(jitter.uniform(-0.002, 0.002)), 6)
        data["longitude"] = round(Decimal(microdistrict.longitude) + Decimal(jitter.uniform(-0.003, 0.003)), 6)
    initiative = services.initiative_create_draft(author=author, data=data)
    services.photo_add(initiative, actor=author, upload=demo_photo(number, spec.title), caption=spec.address)
    if spec.status == S.DRAFT:
        return
    services.initiative_submit(initiative, actor=author)
    if spec.status == S.MODERATION:
        return
    if spec.status == S.REJECTED:
        services.initiative_reject(initiative, actor=staff, reason=spec.reason)
        return
    services.initiative_publish(initiative, actor=staff, reason="Инициатива соответствует правилам портала.")
    supporters = [r for r in residents if r.pk != author.pk][: spec.supports]
    goes_on = spec.status not in (S.PUBLISHED, S.EXPIRED)
    # Collect support below the threshold; the rest of the path is forwarded by staff.
    for resident in supporters[: max(0, min(len(supporters), (initiative.support_threshold or 1) - 1))]:
        services.support_add(initiative, user=resident)
    for index, text in enumerate(spec.comments):
        services.comment_add(initiative, author=residents[(number + index) % len(residents)], body=text)
    if spec.status == S.EXPIRED:
        Initiative.objects.filter(pk=initiative.pk).update(collection_deadline="2026-01-31")
        services.initiative_expire(initiative)
        return
    if not goes_on:
        return
    services.initiative_forward(initiative, actor=staff, reason="Передано в общественный совет микрорайона.")
    if spec.response:
        services.official_response_add(
            initiative, actor=staff, organisation="Администрация городского округа Тольятти", body=spec.response
        )
    if spec.status == S.CONSIDERATION:
        return
    services.initiative_accept(initiative, actor=staff, reason="Включено в план работ.")
    if spec.status == S.ACCEPTED:
        return
    services.initiative_start(initiative, actor=staff)
    for index, text in enumerate(spec.progress):
        services.progress_update_add(
            initiative, actor=staff, body=text, photo_after=demo_photo(number * 10 + index, "progress")
        )
    if spec.status == S.IN_PROGRESS:
        return
    services.initiative_mark_implemented(initiative, actor=staff, reason="Работы приняты жителями.")
    if spec.best_practice:
        services.initiative_mark_best_practice(initiative, actor=staff, summary=spec.best_practice)


def load_initiatives_demo(stdout: TextIO | None = None) -> int:
    """Create the demo initiatives that do not exist yet; returns how many were created."""
    created = 0
    with transaction.atomic():
        first_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        residents = _residents(120)
        staff = _staff()
        for number, spec in enumerate(DEMO, start=1):
            if Initiative.objects.filter(title=spec.title).exists():
                continue
            _create(spec, number, residents[number - 1], staff, residents)
            created += 1
        # A demo load is not news: drop the events it raised so nobody is mailed.
        Event.objects.filter(pk__gt=first_event).delete()
    if stdout is not None:
        stdout.write(f"Инициативы: создано {created}, всего {Initiative.objects.count()}\n")
    return created
