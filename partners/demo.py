"""Demo partners for `manage.py load_demo`: four verified organisations, pledges in every
status and two programmes with applications. Idempotent: found by slug / natural keys.

Statuses are reached through the services (so history records exist); the events they
raise are dropped afterwards — a demo load is not news and nobody is mailed.
"""

from __future__ import annotations

import datetime as dt
from decimal import Decimal

from django.db import transaction
from django.utils import timezone

from accounts.models import User
from core.demo import DemoRun
from councils.models import District
from initiatives.models import Category, Initiative
from notifications.models import Event

from .models import PartnerOrganization, Pledge, Programme
from .services import organisations, pledges, programmes
from .services.actor import PartnerActor
from .services.pledges import OPEN_FOR_PLEDGES

# (slug, name, kind, ИНН, ОГРН, website, e-mail, phone, address, description, district slugs)
PARTNERS = [
    ("dobryi-tolyatti", "Фонд «Добрый Тольятти»", "ngo", "6321000010", "1026300000011",
     "https://dobryi-tolyatti.example.org", "info@dobryi-tolyatti.example.org", "+7 8482 55-10-10",
     "Тольятти, бульвар Татищева, 15", "Благотворительный фонд: дворы, детские площадки, помощь старшим.", None),
    ("volzhskii-stroitel", "ООО «Волжский строитель»", "business", "6324000026", "1036300000021",
     "https://vstroy.example.org", "office@vstroy.example.org", "+7 8482 70-20-20",
     "Тольятти, улица Борковская, 8", "Строительная компания; помогает материалами и техникой.", None),
    ("shkola-45", "МБУ «Школа № 45»", "institution", "6320000032", "1146320000034",
     "https://school45.example.org", "school45@edu.example.org", "+7 8482 37-45-45",
     "Тольятти, бульвар Гая, 11", "Школа: волонтёрский отряд старшеклассников и актовый зал.", ["avtozavodsky"]),
    ("molodezhnyi-centr", "МБУ «Молодёжный центр» городского округа Тольятти", "municipal", "6323000048",
     "1026320000046", "https://mc.example.org", "mc@tgl.example.org", "+7 8482 54-33-33",
     "Тольятти, Молодёжный бульвар, 4", "Городское учреждение: проекты молодёжи, гранты, площадки.", None),
]


def _partner(spec) -> PartnerOrganization:
    slug, name, kind, inn, ogrn, website, email, phone, address, description, districts = spec
    partner, created = PartnerOrganization.objects.get_or_create(
        slug=slug,
        defaults={"name": name, "kind": kind, "inn": inn, "ogrn": ogrn, "website": website, "work_email": email,
                  "work_phone": phone, "address": address, "description": description},
    )
    if created:
        partner.categories.set(Category.objects.filter(named_in_resolution=True))
        partner.districts.set(District.objects.filter(slug__in=districts) if districts else District.objects.all())
    if not partner.is_verified:
        organisations.partner_verify(partner)
    return partner


def _pledges(partners: list[PartnerOrganization], initiatives: list[Initiative]) -> int:
    if Pledge.objects.filter(partner__in=partners).exists() or len(initiatives) < 4:
        return 0
    fund, builder, school, youth = partners
    today = timezone.localdate()
    plan = [
        (fund, initiatives[0], {"kind": "money", "amount": Decimal("150000"), "message": "Оплатим скамейки и урны."},
         "accept"),
        (builder, initiatives[0], {"kind": "materials", "materials": "Тротуарная плитка, 120 м²"}, None),
        (school, initiatives[1], {"kind": "volunteers", "volunteers": 25, "date_from": today + dt.timedelta(days=10),
                                  "date_to": today + dt.timedelta(days=11), "message": "Субботник старшеклассников."},
         "accept"),
        (youth, initiatives[1], {"kind": "venue", "materials": "Зал на 80 мест для встречи жителей"}, "decline"),
        (builder, initiatives[2], {"kind": "expertise", "materials": "Смета и проект освещения"}, "withdraw"),
        (fund, initiatives[3], {"kind": "money", "amount": Decimal("40000")}, None),
    ]
    for partner, initiative, fields, outcome in plan:
        pledge = pledges.pledge_create(PartnerActor(partner), initiative, **fields)
        if outcome == "accept":
            pledges.pledge_accept(pledge, user=initiative.author, reason="Спасибо, принимаем!")
        elif outcome == "decline":
            pledges.pledge_decline(pledge, user=initiative.author, reason="Встречу уже провели в школе.")
        elif outcome == "withdraw":
            pledges.pledge_withdraw(pledge, actor=PartnerActor(partner), reason="Проект выполнит подрядчик города.")
    return len(plan)


def _programmes(partners: list[PartnerOrganization], initiatives: list[Initiative]) -> int:
    fund, _builder, _school, youth = partners
    today = timezone.localdate()
    specs = [
        (fund, "dvor-mechty", "Конкурс «Двор мечты»", "Гранты до 300 000 ₽ на благоустройство дворов силами жителей.",
         "средства фонда и пожертвования", Decimal("3000000")),
        (youth, "molodezh-goroda", "Программа «Молодёжь города»",
         "Поддержка инициатив, которые ведут молодые жители: площадки, фестивали, волонтёрство.",
         "бюджет городского округа Тольятти", Decimal("1500000")),
    ]
    created = 0
    for partner, slug, title, description, source, budget in specs:
        if Programme.objects.filter(slug=slug).exists():
            continue
        programme = programmes.programme_create(
            PartnerActor(partner), title=title, description=description, funding_source=source, budget=budget,
            applications_open=today - dt.timedelta(days=20), applications_close=today + dt.timedelta(days=40),
            categories=list(Category.objects.filter(named_in_resolution=True)),
        )
        Programme.objects.filter(pk=programme.pk).update(slug=slug)
        programme.slug = slug
        created += 1
        for index, initiative in enumerate(initiatives[:3]):
            application = programmes.application_submit(
                programme, initiative, user=initiative.author, message="Просим поддержать нашу инициативу."
            )
            if index == 0:
                programmes.application_decide(application, PartnerActor(partner), accept=True,
                                              reason="Проект готов к реализации.")
            elif index == 1:
                programmes.application_decide(application, PartnerActor(partner), accept=False,
                                              reason="Территория вне условий программы.")
    return created


def load_partners_demo(run: DemoRun) -> None:
    with transaction.atomic():
        first_event = Event.objects.order_by("-pk").values_list("pk", flat=True).first() or 0
        partners = [_partner(spec) for spec in PARTNERS]
        member = User.objects.filter(email="partner@demo.tolyatti.local").first()
        if member is not None and not hasattr(member, "partner_membership"):
            organisations.member_add(partners[0], member, position="координатор проектов")
        initiatives = list(
            Initiative.objects.filter(status__in=OPEN_FOR_PLEDGES, published_at__isnull=False).order_by("pk")[:4]
        )
        pledge_count = _pledges(partners, initiatives)
        programme_count = _programmes(partners, initiatives)
        Event.objects.filter(pk__gt=first_event).delete()
    run.write(f"Партнёры: {len(partners)}, новых предложений {pledge_count}, новых программ {programme_count}\n")
